package io.gaas.webhook;

import org.springframework.context.annotation.Import;

import io.gaas.support.SharedPostgres;

/**
 * The same flows on real PostgreSQL, where a submission is one statement that also writes the
 * {@code quota.low} event and an auto-approval's {@code job.status_changed} (rendered in SQL: see
 * {@code autoApprovalEventIsExactlyWhatTheJavaSideRendersForTheSameJob}), and claims use PostgreSQL's
 * row locks.
 */
@Import(SharedPostgres.class)
class WebhookDeliveryPostgresTests extends WebhookDeliveryIntegrationTests {
}
