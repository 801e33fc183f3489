package io.gaas.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

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
                SELECT u.id, u.username, u.role, u.enabled, u.created_at, a.balance
                FROM users u JOIN quota_accounts a ON a.account_id = u.id
                WHERE u.id = :id""")
            .param("id", id)
            .query((row, number) -> new UserResponse(row.getObject("id", UUID.class), row.getString("username"),
                    role(row), row.getBigDecimal("balance"), row.getBoolean("enabled"),
                    row.getObject("created_at", OffsetDateTime.class).toInstant()))
            .optional();
    }

    private static Role role(ResultSet row) throws SQLException {
        return Role.valueOf(row.getString("role"));
    }
}
