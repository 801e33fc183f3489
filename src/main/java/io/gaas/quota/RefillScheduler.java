package io.gaas.quota;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the refills whose period start has come, on every replica. Each refill is its own
 * transaction on a row locked with SKIP LOCKED and due only while {@code next_refill_at} has not
 * moved on, so replicas share the work and no account is refilled twice for one period.
 */
@Component
class RefillScheduler {

    private static final Logger log = LoggerFactory.getLogger(RefillScheduler.class);

    /** Bounds one run, so a huge backlog cannot hold the scheduler's thread; the next run goes on. */
    static final int MAX_PER_RUN = 1000;

    private final QuotaService quota;

    RefillScheduler(QuotaService quota) {
        this.quota = quota;
    }

    @Scheduled(fixedDelayString = "${gaas.quota.refill-poll:PT30S}",
            initialDelayString = "${gaas.quota.refill-initial-delay:PT10S}")
    void refillDue() {
        int refilled = 0;
        while (refilled < MAX_PER_RUN && quota.refillNextDue()) {
            refilled++;
        }
        if (refilled > 0) {
            log.info("Refilled {} account(s) at their period start", refilled);
        }
    }
}
