package io.gaas.webhook;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The dispatcher's work in the database, where every replica sees the same state. Rows are claimed
 * with {@code FOR UPDATE SKIP LOCKED} (PostgreSQL and H2 alike), so replicas polling at once take
 * different rows; a claim moves {@code next_attempt_at} to the end of a visibility timeout, so a
 * delivery whose replica died becomes due again, and carries a token, so only the claimant records
 * the outcome.
 */
@Component
class DeliveryStore {

    /** A claimed delivery with all it needs to be sent. */
    record Claimed(UUID webhookId, UUID eventId, UUID claimToken, String url, String secret, String type,
            String payload, Instant createdAt, int attempts) {
    }

    private record Due(UUID webhookId, UUID eventId) {
    }

    private final JdbcClient jdbc;

    DeliveryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Turns up to {@code limit} recorded events into one PENDING delivery per subscribed, enabled webhook. */
    @Transactional
    int fanOut(Instant now, int limit) {
        List<UUID> events = jdbc.sql("""
                SELECT id FROM webhook_events WHERE fanned_out = FALSE ORDER BY created_at
                LIMIT :limit FOR UPDATE SKIP LOCKED""")
            .param("limit", limit)
            .query(UUID.class)
            .list();
        for (UUID event : events) {
            jdbc.sql("""
                    INSERT INTO webhook_deliveries (webhook_id, event_id, status, attempts, next_attempt_at, created_at)
                    SELECT w.id, e.id, 'PENDING', 0, :now, e.created_at
                    FROM webhook_events e JOIN webhooks w ON w.enabled = TRUE
                         AND CONCAT(',', w.events, ',') LIKE CONCAT('%,', e.type, ',%')
                    WHERE e.id = :eventId""")
                .param("now", at(now))
                .param("eventId", event)
                .update();
            jdbc.sql("UPDATE webhook_events SET fanned_out = TRUE WHERE id = :eventId").param("eventId", event).update();
        }
        return events.size();
    }

    /**
     * Claims up to {@code limit} due deliveries for which {@code accept} says yes (the dispatcher's
     * per-webhook bound), until {@code leaseEnd}. A disabled webhook's deliveries are held: they stay
     * PENDING, with their tries so far, and become due again when it is enabled.
     */
    @Transactional
    List<Claimed> claim(Instant now, Instant leaseEnd, int limit, Predicate<UUID> acceptWebhook) {
        List<Due> due = jdbc.sql("""
                SELECT webhook_id, event_id FROM webhook_deliveries d
                WHERE status = 'PENDING' AND next_attempt_at <= :now
                  AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = d.webhook_id AND w.enabled = TRUE)
                ORDER BY next_attempt_at LIMIT :candidates FOR UPDATE SKIP LOCKED""")
            .param("now", at(now))
            .param("candidates", limit * 4)
            .query((row, i) -> new Due(row.getObject("webhook_id", UUID.class), row.getObject("event_id", UUID.class)))
            .list();
        List<Claimed> claimed = new ArrayList<>();
        for (Due delivery : due) {
            if (claimed.size() == limit || !acceptWebhook.test(delivery.webhookId())) {
                continue;
            }
            UUID token = UUID.randomUUID();
            jdbc.sql("""
                    UPDATE webhook_deliveries SET next_attempt_at = :leaseEnd, claim_token = :token
                    WHERE webhook_id = :webhookId AND event_id = :eventId""")
                .param("leaseEnd", at(leaseEnd))
                .param("token", token)
                .param("webhookId", delivery.webhookId())
                .param("eventId", delivery.eventId())
                .update();
            load(delivery, token).ifPresent(claimed::add);
        }
        return claimed;
    }

    private Optional<Claimed> load(Due delivery, UUID token) {
        return jdbc.sql("""
                SELECT w.url, w.secret, e.type, e.payload, e.created_at, d.attempts
                FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id JOIN webhook_events e ON e.id = d.event_id
                WHERE d.webhook_id = :webhookId AND d.event_id = :eventId""")
            .param("webhookId", delivery.webhookId())
            .param("eventId", delivery.eventId())
            .query((row, i) -> new Claimed(delivery.webhookId(), delivery.eventId(), token, row.getString("url"),
                    row.getString("secret"), row.getString("type"), row.getString("payload"),
                    row.getObject("created_at", OffsetDateTime.class).toInstant(), row.getInt("attempts")))
            .optional();
    }

    /** Records the outcome of a try, if the claim is still this one's. */
    @Transactional
    boolean finish(Claimed delivery, String status, Instant nextAttemptAt, Integer responseStatus, String error) {
        return jdbc.sql("""
                UPDATE webhook_deliveries SET status = :status, attempts = attempts + 1, next_attempt_at = :next,
                       claim_token = NULL, last_response_status = :responseStatus, last_error = :error
                WHERE webhook_id = :webhookId AND event_id = :eventId AND claim_token = :token""")
            .param("status", status)
            .param("next", nextAttemptAt == null ? null : at(nextAttemptAt), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
            .param("responseStatus", responseStatus, java.sql.Types.INTEGER)
            .param("error", error == null ? null : error.length() > 500 ? error.substring(0, 500) : error,
                    java.sql.Types.VARCHAR)
            .param("webhookId", delivery.webhookId())
            .param("eventId", delivery.eventId())
            .param("token", delivery.claimToken())
            .update() == 1;
    }

    /** When the oldest delivery still PENDING for an enabled webhook was created, if any: held ones wait by choice. */
    Optional<Instant> oldestPending() {
        return jdbc.sql("""
                SELECT MIN(d.created_at) FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                WHERE d.status = 'PENDING' AND w.enabled = TRUE""")
            .query(OffsetDateTime.class)
            .list()
            .stream()
            .filter(java.util.Objects::nonNull)
            .map(OffsetDateTime::toInstant)
            .findFirst();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
