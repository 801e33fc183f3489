package io.gaas.quota;

import java.math.BigDecimal;
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
     * and advances the ledger sequence, in one statement. The database serialises updates of the
     * row, so two concurrent charges can never both spend the same hours, on any replica.
     *
     * @return 1 if applied, 0 if the balance would go negative (or there is no account)
     */
    @Modifying(flushAutomatically = true)
    @Query(value = """
            UPDATE quota_accounts SET balance = balance + :delta, ledger_seq = ledger_seq + 1
            WHERE user_id = :userId AND balance + :delta >= 0""", nativeQuery = true)
    int applyDelta(UUID userId, BigDecimal delta);

    @Query("select a.balance from QuotaAccount a where a.userId = :userId")
    Optional<BigDecimal> findBalance(UUID userId);

    @Query("select a from QuotaAccount a where a.userId in :userIds")
    List<QuotaAccount> findAllByUserIdIn(Collection<UUID> userIds);
}
