/**
 * Webhooks: the transactional outbox of events, their signed delivery with retries from any replica, and the admin endpoints that manage webhooks.
 */
// Records the events that job and quota publish inside their transactions; names users and projects by id
// through user and project.
@ApplicationModule(allowedDependencies = { "config", "web", "job", "quota", "user", "project" })
package io.gaas.webhook;

import org.springframework.modulith.ApplicationModule;
