package io.gaas.quota;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.hibernate.annotations.Immutable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One change of an account's hours. Written once by {@link LedgerWriter}, never updated or deleted. */
@Entity
@Immutable
@Table(name = "quota_ledger")
class LedgerEntry {

    @Id
    private UUID id;

    @Column(name = "account_id", nullable = false)
    private UUID accountId;

    @Column(nullable = false)
    private long seq;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private LedgerKind kind;

    @Column(name = "delta_hours", nullable = false)
    private BigDecimal deltaHours;

    @Column(name = "balance_after", nullable = false)
    private BigDecimal balanceAfter;

    @Column(name = "job_id")
    private UUID jobId;

    private String note;

    @Column(nullable = false)
    private String actor;

    protected LedgerEntry() {
    }

    UUID getId() {
        return id;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    LedgerKind getKind() {
        return kind;
    }

    BigDecimal getDeltaHours() {
        return deltaHours;
    }

    BigDecimal getBalanceAfter() {
        return balanceAfter;
    }

    UUID getJobId() {
        return jobId;
    }

    String getNote() {
        return note;
    }

    String getActor() {
        return actor;
    }
}
