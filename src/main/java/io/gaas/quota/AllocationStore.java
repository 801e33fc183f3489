package io.gaas.quota;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The allocation columns of {@code quota_accounts}, in plain SQL. Every read that a change of hours
 * depends on locks the account's row, the same lock the balance's conditional UPDATE takes, so a
 * refill, a refund and a charge of one account are serialised on every replica.
 */
@Component
class AllocationStore {

    private static final String COLUMNS = """
            SELECT account_id, account_type, balance, allocation_hours, allocation_period, carry_over_hours,
                   next_refill_at, last_refill_at, last_entry_at
            FROM quota_accounts""";

    private final JdbcClient jdbc;

    AllocationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Gives the account an allocation (replacing any); 0 when there is no such account. */
    int set(UUID accountId, BigDecimal hours, AllocationPeriod period, BigDecimal carryOverHours, Instant nextRefillAt) {
        return jdbc.sql("""
                UPDATE quota_accounts SET allocation_hours = :hours, allocation_period = :period,
                                          carry_over_hours = :carryOver, next_refill_at = :next
                WHERE account_id = :accountId""")
            .param("hours", hours)
            .param("period", period.name())
            .param("carryOver", carryOverHours)
            .param("next", at(nextRefillAt))
            .param("accountId", accountId)
            .update();
    }

    /** Takes the allocation away (the balance stays); 0 when there is no such account. */
    int clear(UUID accountId) {
        return jdbc.sql("""
                UPDATE quota_accounts SET allocation_hours = NULL, allocation_period = NULL, carry_over_hours = NULL,
                                          next_refill_at = NULL
                WHERE account_id = :accountId""")
            .param("accountId", accountId)
            .update();
    }

    /** The account as it is now, its row locked until the caller's transaction ends. */
    Optional<AccountState> lock(UUID accountId) {
        return jdbc.sql(COLUMNS + " WHERE account_id = :accountId FOR UPDATE")
            .param("accountId", accountId)
            .query(AllocationStore::map)
            .optional();
    }

    /**
     * Locks one account whose refill is due, skipping those another transaction holds (a replica
     * refilling it, or a submission). The condition is checked again on the row as it is once
     * locked, so an account another replica has just refilled is no longer due.
     */
    Optional<AccountState> lockNextDue(Instant now) {
        return jdbc.sql(COLUMNS + " WHERE next_refill_at <= :now ORDER BY next_refill_at LIMIT 1 FOR UPDATE SKIP LOCKED")
            .param("now", at(now))
            .query(AllocationStore::map)
            .optional();
    }

    /** Records a refill: the current period began at {@code refilledAt}; the next one at {@code nextRefillAt}. */
    void recordRefill(UUID accountId, Instant refilledAt, Instant nextRefillAt) {
        jdbc.sql("UPDATE quota_accounts SET last_refill_at = :refilledAt, next_refill_at = :next WHERE account_id = :accountId")
            .param("refilledAt", at(refilledAt))
            .param("next", at(nextRefillAt))
            .param("accountId", accountId)
            .update();
    }

    private static AccountState map(ResultSet row, int n) throws SQLException {
        String period = row.getString("allocation_period");
        return new AccountState(row.getObject("account_id", UUID.class), AccountType.valueOf(row.getString("account_type")),
                row.getBigDecimal("balance"), row.getBigDecimal("allocation_hours"),
                period == null ? null : AllocationPeriod.valueOf(period), row.getBigDecimal("carry_over_hours"),
                instant(row, "next_refill_at"), instant(row, "last_refill_at"), instant(row, "last_entry_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
