package io.gaas.quota;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface QuotaAccountRepository extends Repository<QuotaAccount, UUID> {

    @Modifying(flushAutomatically = true)
    @Query(value = "INSERT INTO quota_accounts (account_id, account_type, balance, ledger_seq) VALUES (:accountId, :type, 0, 0)",
            nativeQuery = true)
    void open(UUID accountId, String type);

    /**
     * Adds {@code delta} (negative to charge) to the balance only if the result stays at 0 or more,
     * and advances the ledger sequence and the time of the newest entry, in one statement. The
     * database serialises updates of the row, so two concurrent charges can never both spend the
     * same hours, on any replica; and since the time is decided under the same lock as the sequence
     * number, as the greater of {@code now} and the previous entry's, it never goes backwards along
     * the sequence, whatever order the writers read their clocks in.
     *
     * @return 1 if applied, 0 if the balance would go negative (or there is no account)
     */
    @Modifying(flushAutomatically = true)
    @Query(value = """
            UPDATE quota_accounts SET balance = balance + :delta, ledger_seq = ledger_seq + 1,
                                      last_entry_at = GREATEST(:now, COALESCE(last_entry_at, :now))
            WHERE account_id = :accountId AND balance + :delta >= 0""", nativeQuery = true)
    int applyDelta(UUID accountId, BigDecimal delta, Instant now);

    /** The time of the newest ledger entry, as the last {@link #applyDelta} decided it. */
    @Query("select a.lastEntryAt from QuotaAccount a where a.accountId = :accountId")
    Optional<Instant> findLastEntryAt(UUID accountId);

    /** A projection, not the entity: a managed copy could be older than the UPDATE just made. */
    @Query("select new io.gaas.quota.AccountBalance(a.type, a.balance, a.lowBalanceHours) from QuotaAccount a "
            + "where a.accountId = :accountId")
    Optional<AccountBalance> findTypeAndBalance(UUID accountId);

    @Modifying(flushAutomatically = true)
    @Query(value = "UPDATE quota_accounts SET low_balance_hours = :hours WHERE account_id = :accountId", nativeQuery = true)
    int setLowBalanceHours(UUID accountId, BigDecimal hours);

    @Query("select a.balance from QuotaAccount a where a.accountId = :accountId")
    Optional<BigDecimal> findBalance(UUID accountId);

    @Query("select a from QuotaAccount a where a.accountId in :accountIds")
    List<QuotaAccount> findAllByAccountIdIn(Collection<UUID> accountIds);
}
