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
    @Query(value = "INSERT INTO quota_accounts (user_id, balance, ledger_seq) VALUES (:userId, 0, 0)",
            nativeQuery = true)
    void open(UUID userId);

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
            WHERE user_id = :userId AND balance + :delta >= 0""", nativeQuery = true)
    int applyDelta(UUID userId, BigDecimal delta, Instant now);

    /** The time of the newest ledger entry, as the last {@link #applyDelta} decided it. */
    @Query("select a.lastEntryAt from QuotaAccount a where a.userId = :userId")
    Optional<Instant> findLastEntryAt(UUID userId);

    @Query("select a.balance from QuotaAccount a where a.userId = :userId")
    Optional<BigDecimal> findBalance(UUID userId);

    @Query("select a from QuotaAccount a where a.userId in :userIds")
    List<QuotaAccount> findAllByUserIdIn(Collection<UUID> userIds);
}
