package io.gaas.request;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.gaas.quota.AccountType;
import io.gaas.quota.QuotaService;
import io.gaas.support.TestHttp;

/**
 * Projects and members made directly in the database, for tests of requests that name a project
 * without depending on the project administration endpoints.
 */
final class ProjectRows {

    private final JdbcClient jdbc;
    private final QuotaService quota;

    ProjectRows(JdbcClient jdbc, QuotaService quota) {
        this.jdbc = jdbc;
        this.quota = quota;
    }

    record Project(UUID id, String name) {
    }

    /** A new enabled project with {@code hours} in its account (no ledger entry for 0). */
    Project create(BigDecimal hours) {
        UUID id = UUID.randomUUID();
        String name = TestHttp.uniqueName("p").toLowerCase().replaceAll("[^a-z0-9]", "");
        name = name.substring(0, Math.min(32, name.length()));
        quota.openAccount(id, AccountType.PROJECT, "test", hours);
        jdbc.sql("INSERT INTO projects (id, name, enabled, created_at, version) VALUES (:id, :name, TRUE, :now, 0)")
            .param("id", id)
            .param("name", name)
            .param("now", Instant.now().atOffset(ZoneOffset.UTC))
            .update();
        return new Project(id, name);
    }

    void add(Project project, String userId, String role) {
        jdbc.sql("""
                INSERT INTO project_members (project_id, user_id, role, spent_hours, window_start, added_at)
                VALUES (:project, :user, :role, 0, :now, :now)""")
            .param("project", project.id())
            .param("user", UUID.fromString(userId))
            .param("role", role)
            .param("now", Instant.now().atOffset(ZoneOffset.UTC))
            .update();
    }

    BigDecimal balance(Project project) {
        return quota.balanceOf(project.id());
    }
}
