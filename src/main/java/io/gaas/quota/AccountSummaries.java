package io.gaas.quota;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads account summaries with plain SQL rather than through the entity: a managed entity could be
 * older than a conditional UPDATE the same transaction has just made.
 */
@Component
class AccountSummaries {

    private static final String COLUMNS = """
            SELECT account_id, account_type, balance, low_balance_hours, allocation_hours, allocation_period,
                   carry_over_hours, next_refill_at
            FROM quota_accounts""";

    private final JdbcClient jdbc;

    AccountSummaries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<AccountSummary> find(UUID accountId) {
        return jdbc.sql(COLUMNS + " WHERE account_id = :id").param("id", accountId).query(AccountSummaries::map).optional();
    }

    List<AccountSummary> findAll(Collection<UUID> accountIds) {
        if (accountIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(COLUMNS + " WHERE account_id IN (:ids)").param("ids", accountIds).query(AccountSummaries::map).list();
    }

    private static AccountSummary map(ResultSet row, int n) throws SQLException {
        BigDecimal allocationHours = row.getBigDecimal("allocation_hours");
        Allocation allocation = allocationHours == null ? null
                : new Allocation(allocationHours, AllocationPeriod.valueOf(row.getString("allocation_period")),
                        row.getBigDecimal("carry_over_hours"),
                        row.getObject("next_refill_at", OffsetDateTime.class).toInstant());
        return new AccountSummary(row.getObject("account_id", UUID.class), AccountType.valueOf(row.getString("account_type")),
                row.getBigDecimal("balance"), row.getBigDecimal("low_balance_hours"), allocation);
    }
}
