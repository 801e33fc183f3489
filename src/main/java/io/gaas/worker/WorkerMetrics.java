package io.gaas.worker;

import io.micrometer.core.instrument.Metrics;

/**
 * Worker counters per pool, at {@code /actuator/prometheus}: {@code gaas_worker_claims_total},
 * {@code gaas_worker_leases_expired_total}, {@code gaas_worker_time_limits_total}. Each replica
 * counts what it did; Prometheus sums the replicas.
 */
final class WorkerMetrics {

    private WorkerMetrics() {
    }

    static void claimed(String pool) {
        Metrics.counter("gaas.worker.claims", "pool", pool).increment();
    }

    static void leaseExpired(String pool) {
        Metrics.counter("gaas.worker.leases.expired", "pool", pool).increment();
    }

    static void timeLimitHit(String pool) {
        Metrics.counter("gaas.worker.time.limits", "pool", pool).increment();
    }
}
