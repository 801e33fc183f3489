package io.gaas.job;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Purges idempotency keys older than 24 hours, in the background, off the request path. */
@Component
class IdempotencyKeyCleanup {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyCleanup.class);

    private final IdempotencyKeyRepository keys;
    private final Clock clock;

    IdempotencyKeyCleanup(IdempotencyKeyRepository keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    @Transactional
    void purgeExpired() {
        int purged = keys.deleteCreatedBefore(clock.instant().minus(JobService.IDEMPOTENCY_KEY_LIFETIME));
        if (purged > 0) {
            log.info("Purged {} expired idempotency keys", purged);
        }
    }
}
