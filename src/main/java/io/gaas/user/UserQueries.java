package io.gaas.user;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.gaas.quota.Allocation;
import io.gaas.quota.AllocationPeriod;

/**
 * The reads of a user on the hottest paths, in plain SQL: every authenticated request, and the
 * account view. One SELECT by primary key each, of just the columns needed; Hibernate's session
 * and query plan would cost more here than the database's work.
 */
@Repository
class UserQueries {

    private final JdbcClient jdbc;

    UserQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<UserAccess> findAccess(UUID id) {
        return jdbc.sql("SELECT id, username, role, enabled, token_version FROM users WHERE id = :id")
            .param("id", id)
            .query((row, number) -> new UserAccess(row.getObject("id", UUID.class), row.getString("username"),
                    role(row), row.getBoolean("enabled"), row.getInt("token_version")))
            .optional();
    }

    /**
     * The account view with its balance, in one query: every user has an account (opened in the
     * transaction that creates the user), so the join loses no one.
     */
    Optional<UserResponse> findView(UUID id) {
        return jdbc.sql("""
                SELECT u.id, u.username, u.role, u.enabled, u.created_at, a.balance, a.low_balance_hours,
                       a.allocation_hours, a.allocation_period, a.carry_over_hours, a.next_refill_at
                FROM users u JOIN quota_accounts a ON a.account_id = u.id
                WHERE u.id = :id""")
            .param("id", id)
            .query((row, number) -> new UserResponse(row.getObject("id", UUID.class), row.getString("username"),
                    role(row), row.getBigDecimal("balance"), row.getBoolean("enabled"),
                    row.getObject("created_at", OffsetDateTime.class).toInstant(), allocation(row),
                    row.getBigDecimal("low_balance_hours")))
            .optional();
    }

    private static Allocation allocation(ResultSet row) throws SQLException {
        BigDecimal hours = row.getBigDecimal("allocation_hours");
        return hours == null ? null
                : new Allocation(hours, AllocationPeriod.valueOf(row.getString("allocation_period")),
                        row.getBigDecimal("carry_over_hours"), row.getObject("next_refill_at", OffsetDateTime.class).toInstant());
    }

    private static Role role(ResultSet row) throws SQLException {
        return Role.valueOf(row.getString("role"));
    }
}
