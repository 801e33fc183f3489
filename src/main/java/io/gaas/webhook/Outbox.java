package io.gaas.webhook;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.gaas.config.Timestamps;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox: an event is one row, written in the transaction of the change that
 * causes it (so a change that rolls back leaves no event, and a committed one always has its event,
 * whatever happens to the replica afterwards). The dispatcher fans it out to the webhooks later.
 */
@Component
class Outbox {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    Outbox(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Records an event for every subscribed webhook; joins the caller's transaction, which must exist.
     * Nothing is written when no enabled webhook subscribes to the type (the fan-out would find no
     * one to send it to), so a service without webhooks pays one cheap read per change, not a write.
     *
     * @return whether the event was recorded
     */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean record(String type, Object data) {
        return jdbc.sql("""
                INSERT INTO webhook_events (id, type, payload, created_at, fanned_out)
                SELECT :id, :type, :payload, :createdAt, FALSE FROM webhooks
                WHERE enabled = TRUE AND CONCAT(',', events, ',') LIKE :subscribed
                FETCH FIRST 1 ROW ONLY""")
            .param("id", UUID.randomUUID())
            .param("type", type)
            .param("payload", json.writeValueAsString(data))
            .param("createdAt", Timestamps.now(clock).atOffset(ZoneOffset.UTC))
            .param("subscribed", "%," + type + ",%")
            .update() == 1;
    }

    /** Records an event for one webhook only, whatever it subscribes to (a ping). */
    @Transactional
    UUID recordFor(UUID webhookId, String type, Object data) {
        Instant now = Timestamps.now(clock);
        UUID eventId = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO webhook_events (id, type, payload, created_at, fanned_out)
                VALUES (:id, :type, :payload, :createdAt, TRUE)""")
            .param("id", eventId)
            .param("type", type)
            .param("payload", json.writeValueAsString(data))
            .param("createdAt", now.atOffset(ZoneOffset.UTC))
            .update();
        jdbc.sql("""
                INSERT INTO webhook_deliveries (webhook_id, event_id, status, attempts, next_attempt_at, created_at)
                VALUES (:webhookId, :eventId, 'PENDING', 0, :now, :now)""")
            .param("webhookId", webhookId)
            .param("eventId", eventId)
            .param("now", now.atOffset(ZoneOffset.UTC))
            .update();
        return eventId;
    }
}
