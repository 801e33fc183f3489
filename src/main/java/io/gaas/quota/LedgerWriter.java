package io.gaas.quota;

import java.math.BigDecimal;
import java.sql.Types;
import java.util.UUID;

import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Appends ledger entries. The entry copies the balance, sequence number and time from the account
 * row that the same transaction has just updated (and so holds locked), in one INSERT ... SELECT:
 * the running sum can never disagree with the balance, the time never goes backwards along the
 * sequence, and no extra read is needed.
 */
@Component
class LedgerWriter {

    private final JdbcClient jdbc;

    LedgerWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void append(UUID accountId, LedgerKind kind, BigDecimal delta, UUID jobId, String note, String actor) {
        jdbc.sql("""
                INSERT INTO quota_ledger
                    (id, account_id, seq, created_at, kind, delta_hours, balance_after, job_id, note, actor)
                SELECT :id, a.account_id, a.ledger_seq, a.last_entry_at, :kind, :delta, a.balance, :jobId, :note, :actor
                FROM quota_accounts a WHERE a.account_id = :accountId""")
            .param("id", UUID.randomUUID())
            .param("kind", kind.name())
            .param("delta", delta)
            // Typed only when null: drivers infer the type of a value, but not of a null.
            .param("jobId", jobId, jobId == null ? Types.OTHER : SqlTypeValue.TYPE_UNKNOWN)
            .param("note", note, Types.VARCHAR)
            .param("actor", actor)
            .param("accountId", accountId)
            .update();
    }
}
