package io.gaas.worker;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalInt;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The worker row as the protocol touches it on every request: plain statements by primary key, no
 * entity (a claim or a heartbeat needs two columns of it, and nothing it loads is ever changed).
 */
@Repository
@Transactional(propagation = Propagation.MANDATORY)
class WorkerRows {

    private final JdbcClient jdbc;

    WorkerRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The GPUs of an enabled worker, with its row locked until the transaction ends, so that two
     * claims of one worker are one after the other and count each other's GPUs. Empty for a disabled
     * (draining) or unknown worker. The row is locked whatever its state and judged as it is once
     * locked, so an admin's change that commits while this waits (disabled, enabled again, other
     * GPUs) is what decides.
     */
    OptionalInt lockIfEnabled(UUID id) {
        return jdbc.sql("SELECT gpus, enabled FROM workers WHERE id = :id FOR UPDATE")
            .param("id", id)
            .query((row, number) -> row.getBoolean("enabled") ? OptionalInt.of(row.getInt("gpus"))
                    : OptionalInt.empty())
            .optional()
            .orElseGet(OptionalInt::empty);
    }

    /** Seen now: one UPDATE by primary key, no version bump (an admin's PATCH is not disturbed by it). */
    void markSeen(UUID id, Instant at) {
        jdbc.sql("UPDATE workers SET last_seen_at = :at WHERE id = :id")
            .param("at", at.atOffset(ZoneOffset.UTC))
            .param("id", id)
            .update();
    }
}
