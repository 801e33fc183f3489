package io.gaas.webhook;

import org.springframework.context.annotation.Import;

import io.gaas.support.SharedPostgres;

/**
 * The same flows on real PostgreSQL, where a submission is one statement that also writes the
 * {@code quota.low} event, and claims use PostgreSQL's row locks.
 */
@Import(SharedPostgres.class)
class WebhookDeliveryPostgresTests extends WebhookDeliveryIntegrationTests {
}
