package io.gaas.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gaas.config.BusinessMetrics;
import io.gaas.config.Timestamps;
import io.gaas.user.InvalidCredentialsException;
import io.gaas.user.User;
import io.gaas.user.UserService;
import io.gaas.user.Usernames;

/**
 * Password logins, rate-limited per lower-cased username across all replicas. An unknown username
 * costs the same password hashing as a known one, so timing does not tell which users exist.
 */
@Service
class LoginService {

    private static final Logger log = LoggerFactory.getLogger(LoginService.class);

    /** A token and its lifetime in seconds. */
    record IssuedToken(String token, long expiresIn) {
    }

    private final UserService users;
    private final TokenService tokens;
    private final LoginThrottleRepository throttle;
    private final LoginThrottleProperties limits;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;
    private final String dummyHash;

    LoginService(UserService users, TokenService tokens, LoginThrottleRepository throttle,
            LoginThrottleProperties limits, PasswordEncoder passwordEncoder, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.throttle = throttle;
        this.limits = limits;
        this.passwordEncoder = passwordEncoder;
        this.clock = clock;
        this.dummyHash = passwordEncoder.encode("a password that no account has");
    }

    /**
     * Checks the password and issues a token. The failure count is kept even though the call fails
     * (no rollback for wrong credentials); the lock row makes concurrent attempts for one name count
     * one after another.
     *
     * @throws TooManyLoginAttemptsException once the limit is reached, even for the right password
     * @throws InvalidCredentialsException for an unknown user or a wrong password, alike
     * @throws AccountDisabledException for the right password to a disabled account
     */
    @Transactional(noRollbackFor = InvalidCredentialsException.class)
    public IssuedToken login(String rawUsername, String password) {
        String username = Usernames.canonical(rawUsername);
        Instant now = Timestamps.now(clock);
        throttle.lock(username);
        List<Instant> failures = throttle.failuresSince(username, now.minus(limits.window()));
        if (failures.size() >= limits.maxFailures()) {
            BusinessMetrics.loginFailed("throttled");
            Instant oldestLeaves = failures.get(failures.size() - limits.maxFailures()).plus(limits.window());
            throw new TooManyLoginAttemptsException(Math.max(1, secondsUntil(now, oldestLeaves)));
        }
        Optional<User> user = users.findByUsername(username);
        if (user.isEmpty()) {
            passwordEncoder.matches(password, dummyHash); // same cost as a real check
        }
        if (user.isEmpty() || !users.passwordMatches(user.get(), password)) {
            throttle.recordFailure(username, now);
            BusinessMetrics.loginFailed("bad_credentials");
            throw new InvalidCredentialsException();
        }
        if (!user.get().isEnabled()) {
            BusinessMetrics.loginFailed("disabled");
            throw new AccountDisabledException();
        }
        throttle.clearFailures(username);
        return new IssuedToken(tokens.issue(user.get()), tokens.ttlSeconds());
    }

    private static long secondsUntil(Instant now, Instant then) {
        return (Duration.between(now, then).toMillis() + 999) / 1000;
    }

    @Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT1M")
    @Transactional
    void purgeOldFailures() {
        int purged = throttle.purgeBefore(clock.instant().minus(limits.window()));
        if (purged > 0) {
            log.debug("Purged {} old login failures", purged);
        }
    }
}
