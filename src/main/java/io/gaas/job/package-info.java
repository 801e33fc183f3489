/**
 * Jobs: submission against the quota (with idempotency keys), the status lifecycle, and refunds of unspent hours.
 */
// Charges and refunds hours through the quota service; the caller comes from user; a job runs in a
// pool, whose capacity it takes and gives back.
@ApplicationModule(allowedDependencies = { "config", "web", "quota", "user", "pool" })
package io.gaas.job;

import org.springframework.modulith.ApplicationModule;
