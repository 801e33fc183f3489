package io.gaas.quota;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An account's balance of hours (a user's or a project's) and the sequence number and time of their newest ledger entry. They
 * change only through the conditional UPDATE in {@link QuotaAccountRepository}, never by loading
 * and saving.
 */
@Entity
@Table(name = "quota_accounts")
class QuotaAccount {

    @Id
    @Column(name = "account_id")
    private UUID accountId;

    @Enumerated(EnumType.STRING)
    @Column(name = "account_type", nullable = false)
    private AccountType type;

    @Column(nullable = false, precision = 14, scale = 2)
    private BigDecimal balance;

    @Column(name = "ledger_seq", nullable = false)
    private long ledgerSeq;

    /** Below this balance a debit announces it; {@code null} = the configured default. */
    @Column(name = "low_balance_hours", precision = 14, scale = 2)
    private BigDecimal lowBalanceHours;

    /** When the newest ledger entry was written; {@code null} before the first one. */
    @Column(name = "last_entry_at")
    private Instant lastEntryAt;

    protected QuotaAccount() {
    }

    UUID getAccountId() {
        return accountId;
    }

    AccountType getType() {
        return type;
    }

    BigDecimal getBalance() {
        return balance;
    }
}
