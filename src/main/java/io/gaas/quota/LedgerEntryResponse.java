package io.gaas.quota;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.annotation.Nullable;

/** A ledger entry as the API shows it; {@code jobId} and {@code note} are {@code null} where they do not apply. */
public record LedgerEntryResponse(UUID id, Instant at, LedgerKind kind, BigDecimal deltaHours, BigDecimal balanceAfter,
        @Nullable UUID jobId, @Nullable String note, String by) {

    static LedgerEntryResponse from(LedgerEntry entry) {
        return new LedgerEntryResponse(entry.getId(), entry.getCreatedAt(), entry.getKind(), entry.getDeltaHours(),
                entry.getBalanceAfter(), entry.getJobId(), entry.getNote(), entry.getActor());
    }
}
