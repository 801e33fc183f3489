package io.gaas.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.gaas.config.Timestamps;
import io.gaas.throttle.SlidingWindow;
import io.gaas.throttle.ThrottleLocks;

/**
 * Password guesses, counted in the database across all replicas, per (lower-cased username, client
 * address) and per client address whatever the usernames: failed logins and wrong current passwords
 * at a password change in one count, since both guess a password. Counting per pair means nobody can
 * lock a user out from elsewhere; the per-address ceiling stops one address guessing across names.
 *
 * <p>An attempt counts as a failure from the moment it is let through until its password proves
 * right: {@link #begin} records it (under the address's lock, briefly) and the password is then
 * checked without any lock held, so the hashing of one address's logins is not serialised, and
 * parallel guesses still cannot slip past a limit. A successful login starts the pair's count again
 * (its earlier failures keep counting against the address: a success with one name must not reset a
 * guesser's budget across names). Each method runs in a transaction of its own: call them outside one.
 */
@Component
class LoginThrottle {

    static final String LOCK_SCOPE = "login";

    /** An attempt let through and counted as a failure until {@link #succeeded} or {@link #withdraw}. */
    record Attempt(UUID id, String username, String address) {
    }

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    private final LoginThrottleRepository failures;
    private final ThrottleLocks locks;
    private final SlidingWindow perPair;
    private final SlidingWindow perAddress;
    private final Clock clock;

    LoginThrottle(LoginThrottleRepository failures, ThrottleLocks locks, LoginThrottleProperties limits, Clock clock) {
        this.failures = failures;
        this.locks = locks;
        this.perPair = new SlidingWindow(limits.maxFailures(), limits.window());
        this.perAddress = new SlidingWindow(limits.failuresPerAddress(), limits.window());
        this.clock = clock;
    }

    /**
     * Lets an attempt through, counted as a failure, unless the pair or the address is at its limit.
     *
     * @throws TooManyLoginAttemptsException at either limit, with the seconds until both let it through
     */
    @Transactional
    public Attempt begin(String username, String address) {
        Instant now = Timestamps.now(clock);
        locks.lock(LOCK_SCOPE, address);
        long addressWait = perAddress.secondsToWait(
                failures.addressFailuresAfter(address, perAddress.countsAfter(now)), now);
        long pairWait = perPair.secondsToWait(
                failures.pairFailuresAfter(username, address, perPair.countsAfter(now)), now);
        if (addressWait > 0 || pairWait > 0) {
            throw new TooManyLoginAttemptsException(Math.max(addressWait, pairWait), addressWait > 0);
        }
        Attempt attempt = new Attempt(UUID.randomUUID(), username, address);
        failures.insert(attempt.id(), username, address, now);
        return attempt;
    }

    /** The password was right: the attempt was no failure, and the pair's count starts again. */
    @Transactional
    public void succeeded(Attempt attempt) {
        locks.lock(LOCK_SCOPE, attempt.address());
        failures.delete(attempt.id());
        failures.stopCountingForPair(attempt.username(), attempt.address());
    }

    /**
     * The attempt proved nothing wrong but did not log in either (the right password to a disabled
     * account, or the check itself failed): it is no failure, and nothing else changes.
     */
    @Transactional
    public void withdraw(Attempt attempt) {
        locks.lock(LOCK_SCOPE, attempt.address());
        failures.delete(attempt.id());
    }

    @Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT1M")
    @Transactional
    void purgeOldFailures() {
        // One window for both limits: a failure that has left it counts for neither.
        int purged = failures.purgeAtOrBefore(perPair.countsAfter(clock.instant()));
        if (purged > 0) {
            log.debug("Purged {} old login failures", purged);
        }
    }
}
