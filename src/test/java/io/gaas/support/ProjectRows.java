package io.gaas.support;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Projects and members written straight into their tables, for tests of what jobs do with them. A
 * project's account starts with one INITIAL_GRANT entry, so its balance is its ledger's sum as for
 * any account the service opens.
 */
public final class ProjectRows {

    private ProjectRows() {
    }

    /**
     * A project with its account. The account's low-balance threshold is 0, so no charge in these
     * tests announces quota.low (which is another feature's to test).
     */
    public static UUID createProject(JdbcClient jdbc, String name, BigDecimal hours) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        boolean granted = hours.signum() > 0;
        jdbc.sql("""
                INSERT INTO quota_accounts (account_id, account_type, balance, ledger_seq, last_entry_at, low_balance_hours)
                VALUES (:id, 'PROJECT', :hours, :seq, :at, 0)""")
            .param("id", id)
            .param("hours", hours)
            .param("seq", granted ? 1 : 0)
            .param("at", granted ? now.atOffset(ZoneOffset.UTC) : null, java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
            .update();
        if (granted) {
            jdbc.sql("""
                    INSERT INTO quota_ledger (id, account_id, seq, created_at, kind, delta_hours, balance_after, job_id,
                                              note, actor)
                    VALUES (:entry, :id, 1, :at, 'INITIAL_GRANT', :hours, :hours, NULL, NULL, 'testadmin')""")
                .param("entry", UUID.randomUUID())
                .param("id", id)
                .param("at", now.atOffset(ZoneOffset.UTC))
                .param("hours", hours)
                .update();
        }
        jdbc.sql("""
                INSERT INTO projects (id, name, description, enabled, created_at, version)
                VALUES (:id, :name, NULL, TRUE, :at, 0)""")
            .param("id", id)
            .param("name", name.toLowerCase(Locale.ROOT))
            .param("at", now.atOffset(ZoneOffset.UTC))
            .update();
        return id;
    }

    /**
     * Adds a member (role MEMBER or MANAGER; {@code capHours} null = no cap), joining now, with the
     * window starting where the service starts it: at the project's newest ledger entry.
     */
    public static void addMember(JdbcClient jdbc, UUID projectId, UUID userId, String role, BigDecimal capHours) {
        Instant now = Instant.now();
        jdbc.sql("""
                INSERT INTO project_members (project_id, user_id, role, cap_hours, spent_hours, window_start, added_at)
                VALUES (:project, :user, :role, :cap, 0,
                        COALESCE((SELECT a.last_entry_at FROM quota_accounts a WHERE a.account_id = :project), :at), :at)""")
            .param("project", projectId)
            .param("user", userId)
            .param("role", role)
            .param("cap", capHours, java.sql.Types.NUMERIC)
            .param("at", now.atOffset(ZoneOffset.UTC))
            .update();
    }

    public static void removeMember(JdbcClient jdbc, UUID projectId, UUID userId) {
        jdbc.sql("DELETE FROM project_members WHERE project_id = :project AND user_id = :user")
            .param("project", projectId)
            .param("user", userId)
            .update();
    }

    /** Starts the member's window anew at {@code at}, as a refill of the project does. */
    public static void startWindow(JdbcClient jdbc, UUID projectId, UUID userId, Instant at) {
        jdbc.sql("""
                UPDATE project_members SET window_start = :at, spent_hours = 0
                WHERE project_id = :project AND user_id = :user""")
            .param("project", projectId)
            .param("user", userId)
            .param("at", at.atOffset(ZoneOffset.UTC))
            .update();
    }

    public static void setEnabled(JdbcClient jdbc, UUID projectId, boolean enabled) {
        jdbc.sql("UPDATE projects SET enabled = :enabled WHERE id = :id")
            .param("enabled", enabled)
            .param("id", projectId)
            .update();
    }

    public static BigDecimal spentHours(JdbcClient jdbc, UUID projectId, UUID userId) {
        return jdbc.sql("SELECT spent_hours FROM project_members WHERE project_id = :project AND user_id = :user")
            .param("project", projectId)
            .param("user", userId)
            .query(BigDecimal.class)
            .single();
    }

    public static BigDecimal balance(JdbcClient jdbc, UUID accountId) {
        return jdbc.sql("SELECT balance FROM quota_accounts WHERE account_id = :id")
            .param("id", accountId)
            .query(BigDecimal.class)
            .single();
    }

    /** The sum of the account's ledger entries. */
    public static BigDecimal ledgerSum(JdbcClient jdbc, UUID accountId) {
        return jdbc.sql("SELECT COALESCE(SUM(delta_hours), 0) FROM quota_ledger WHERE account_id = :id")
            .param("id", accountId)
            .query(BigDecimal.class)
            .single();
    }

    /** The net charge of a project's jobs owned by the user and created since {@code from}. */
    public static BigDecimal netChargesSince(JdbcClient jdbc, UUID projectId, UUID userId, Instant from) {
        return jdbc.sql("""
                SELECT COALESCE(SUM(-l.delta_hours), 0) FROM quota_ledger l JOIN gpu_jobs j ON j.id = l.job_id
                WHERE l.account_id = :project AND j.owner_id = :user AND j.created_at >= :from""")
            .param("project", projectId)
            .param("user", userId)
            .param("from", from.atOffset(ZoneOffset.UTC))
            .query(BigDecimal.class)
            .single();
    }
}
