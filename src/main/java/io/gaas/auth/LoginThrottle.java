package io.gaas.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts wrong passwords per lower-cased username, across all replicas: failed logins, and wrong
 * current passwords when changing one, in one count, since both guess the same password. Every
 * method runs in the caller's transaction.
 */
@Component
class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    private final LoginThrottleRepository repository;
    private final LoginThrottleProperties limits;
    private final Clock clock;

    LoginThrottle(LoginThrottleRepository repository, LoginThrottleProperties limits, Clock clock) {
        this.repository = repository;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Locks the name's throttle row until the transaction ends, so concurrent attempts for one name
     * are counted one after another.
     *
     * @return 0 when an attempt may go ahead, else the seconds until the oldest failure leaves the window
     */
    long secondsToWait(String username, Instant now) {
        repository.lock(username);
        List<Instant> failures = repository.failuresSince(username, now.minus(limits.window()));
        if (failures.size() < limits.maxFailures()) {
            return 0;
        }
        Instant oldestLeaves = failures.get(failures.size() - limits.maxFailures()).plus(limits.window());
        return Math.max(1, (Duration.between(now, oldestLeaves).toMillis() + 999) / 1000);
    }

    void recordFailure(String username, Instant at) {
        repository.recordFailure(username, at);
    }

    void clear(String username) {
        repository.clearFailures(username);
    }

    @Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT1M")
    @Transactional
    void purgeOldFailures() {
        int purged = repository.purgeBefore(clock.instant().minus(limits.window()));
        if (purged > 0) {
            log.debug("Purged {} old login failures", purged);
        }
    }
}
