package io.gaas.quota;

import java.math.BigDecimal;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A user's balance of hours and the sequence number of their newest ledger entry. Both change only
 * through the conditional UPDATE in {@link QuotaAccountRepository}, never by loading and saving.
 */
@Entity
@Table(name = "quota_accounts")
class QuotaAccount {

    @Id
    @Column(name = "user_id")
    private UUID userId;

    @Column(nullable = false, precision = 14, scale = 2)
    private BigDecimal balance;

    @Column(name = "ledger_seq", nullable = false)
    private long ledgerSeq;

    protected QuotaAccount() {
    }

    UUID getUserId() {
        return userId;
    }

    BigDecimal getBalance() {
        return balance;
    }
}
