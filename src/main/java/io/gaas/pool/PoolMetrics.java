package io.gaas.pool;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Per-pool gauges: {@code gaas_pool_gpus} (NaN for no limit), {@code gaas_pool_gpus_in_use} and
 * {@code gaas_pool_jobs_waiting}, each tagged with the pool's name. A scrape reads a snapshot that
 * one query refreshes in the background, so scrapes cost the database nothing, however many pools
 * and scrapers there are; the figures are at most one refresh interval old.
 */
@Component
class PoolMetrics {

    private static final Logger log = LoggerFactory.getLogger(PoolMetrics.class);

    /** The latest figures of one pool; the gauges hold it (Micrometer keeps only a weak reference). */
    static final class Snapshot {
        volatile double gpus = Double.NaN;
        volatile double gpusInUse;
        volatile double jobsWaiting;
    }

    private final PoolQueries queries;
    private final MeterRegistry registry;
    private final Map<String, Snapshot> pools = new ConcurrentHashMap<>();

    PoolMetrics(PoolQueries queries, MeterRegistry registry) {
        this.queries = queries;
        this.registry = registry;
    }

    @Scheduled(initialDelayString = "PT5S", fixedDelayString = "${gaas.pool.metrics-refresh:PT15S}")
    void refresh() {
        try {
            for (PoolQueries.Figures figures : queries.figures()) {
                Snapshot snapshot = pools.computeIfAbsent(figures.name(), this::register);
                snapshot.gpus = figures.gpus() == null ? Double.NaN : figures.gpus();
                snapshot.gpusInUse = figures.gpusInUse();
                snapshot.jobsWaiting = figures.jobsWaiting();
            }
        }
        catch (DataAccessException unavailable) {
            // The next refresh tries again; until then the gauges keep their last figures.
            log.warn("Could not refresh the pool metrics: {}", unavailable.getMessage());
        }
    }

    private Snapshot register(String pool) {
        Snapshot snapshot = new Snapshot();
        Gauge.builder("gaas.pool.gpus", snapshot, s -> s.gpus)
            .tag("pool", pool)
            .description("GPUs of the pool (NaN: no limit)")
            .register(registry);
        Gauge.builder("gaas.pool.gpus.in.use", snapshot, s -> s.gpusInUse)
            .tag("pool", pool)
            .description("GPUs taken by the pool's PROCESSING jobs")
            .register(registry);
        Gauge.builder("gaas.pool.jobs.waiting", snapshot, s -> s.jobsWaiting)
            .tag("pool", pool)
            .description("APPROVED jobs of the pool")
            .register(registry);
        return snapshot;
    }
}
