package io.gaas.request;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code gaas_quota_requests_open}: the OPEN top-up requests of everyone, waiting for an admin. A
 * scrape reads a figure that one count refreshes in the background, as the pool gauges do, so
 * scrapes cost the database nothing; it is at most one refresh interval old, and the same on every
 * replica once refreshed (it counts the shared table, not this replica's work).
 */
@Component
class QuotaRequestMetrics {

    private static final Logger log = LoggerFactory.getLogger(QuotaRequestMetrics.class);

    private final QuotaRequestService requests;

    /** NaN until the first refresh: "not known yet" rather than a false 0. */
    private volatile double open = Double.NaN;

    QuotaRequestMetrics(QuotaRequestService requests, MeterRegistry registry) {
        this.requests = requests;
        Gauge.builder("gaas.quota.requests.open", this, metrics -> metrics.open)
            .description("OPEN top-up requests, waiting for an admin's decision")
            .register(registry);
    }

    @Scheduled(initialDelayString = "PT5S", fixedDelayString = "${gaas.quota-requests.metrics-refresh:PT15S}")
    void refresh() {
        try {
            open = requests.countOpen();
        }
        catch (DataAccessException unavailable) {
            // The next refresh tries again; until then the gauge keeps its last figure.
            log.warn("Could not refresh the top-up request metrics: {}", unavailable.getMessage());
        }
    }
}
