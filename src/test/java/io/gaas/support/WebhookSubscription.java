package io.gaas.support;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An enabled webhook for the duration of a test. The outbox records an event only when an enabled
 * webhook takes it, so a test that reads recorded events needs one; closing it removes it (and its
 * deliveries), so that other tests sharing the database see no subscriber. Its address never
 * resolves: the dispatcher's tries simply fail.
 */
public final class WebhookSubscription implements AutoCloseable {

    private final JdbcClient jdbc;
    private final UUID id = UUID.randomUUID();

    private WebhookSubscription(JdbcClient jdbc, String... events) {
        this.jdbc = jdbc;
        jdbc.sql("""
                INSERT INTO webhooks (id, url, events, description, secret, enabled, created_at)
                VALUES (:id, 'https://hooks.invalid/test', :events, NULL, 'whsec_test', TRUE, CURRENT_TIMESTAMP)""")
            .param("id", id)
            .param("events", String.join(",", events))
            .update();
    }

    public static WebhookSubscription to(JdbcClient jdbc, String... events) {
        return new WebhookSubscription(jdbc, events);
    }

    @Override
    public void close() {
        jdbc.sql("DELETE FROM webhooks WHERE id = :id").param("id", id).update();
    }
}
