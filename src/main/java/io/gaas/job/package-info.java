/**
 * Jobs: submission against the quota (with idempotency keys), the status lifecycle, and refunds of unspent hours.
 */
package io.gaas.job;
