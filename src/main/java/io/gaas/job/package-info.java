/**
 * Jobs: submission against the quota (with idempotency keys), the status lifecycle, and refunds of unspent hours.
 */
// Charges and refunds hours through the quota service; the caller comes from user; a job runs in a
// pool, whose capacity it takes and gives back; a job may be charged to a project, whose members'
// spending it changes and whose managers may act on it.
@ApplicationModule(allowedDependencies = { "config", "web", "quota", "user", "pool", "project" })
package io.gaas.job;

import org.springframework.modulith.ApplicationModule;
