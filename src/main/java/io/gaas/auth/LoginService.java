package io.gaas.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gaas.config.BusinessMetrics;
import io.gaas.config.Timestamps;
import io.gaas.user.InvalidCredentialsException;
import io.gaas.user.User;
import io.gaas.user.UserService;
import io.gaas.user.Usernames;
import io.gaas.web.ValidationException;

/**
 * Password logins, rate-limited per lower-cased username across all replicas. An unknown username
 * costs the same password hashing as a known one, so timing does not tell which users exist.
 */
@Service
class LoginService {

    /** A token and its lifetime in seconds. */
    record IssuedToken(String token, long expiresIn) {
    }

    private final UserService users;
    private final TokenService tokens;
    private final LoginThrottle throttle;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;
    private final String dummyHash;

    LoginService(UserService users, TokenService tokens, LoginThrottle throttle, PasswordEncoder passwordEncoder,
            Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.throttle = throttle;
        this.passwordEncoder = passwordEncoder;
        this.clock = clock;
        this.dummyHash = passwordEncoder.encode("a password that no account has");
    }

    /**
     * Checks the password and issues a token. The failure count is kept even though the call fails
     * (no rollback for wrong credentials); the lock row makes concurrent attempts for one name count
     * one after another. A hash made at another iteration count is re-made at the current one.
     *
     * @throws ValidationException for a name longer than the limit once lower-cased
     * @throws TooManyLoginAttemptsException once the limit is reached, even for the right password
     * @throws InvalidCredentialsException for an unknown user or a wrong password, alike
     * @throws AccountDisabledException for the right password to a disabled account
     */
    @Transactional(noRollbackFor = InvalidCredentialsException.class)
    public IssuedToken login(String rawUsername, String password) {
        String username = canonical(rawUsername);
        Instant now = Timestamps.now(clock);
        long wait = throttle.secondsToWait(username, now);
        if (wait > 0) {
            BusinessMetrics.loginFailed("throttled");
            throw new TooManyLoginAttemptsException(wait);
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
        throttle.clear(username);
        users.upgradePasswordHash(user.get(), password);
        return new IssuedToken(tokens.issue(user.get()), tokens.ttlSeconds());
    }

    /**
     * The lower-cased name the throttle counts under. Lower-casing can lengthen a name ("İ" becomes
     * two characters), so the limit is checked again on the result.
     */
    static String canonical(String rawUsername) {
        String username = Usernames.canonical(rawUsername);
        if (username.codePointCount(0, username.length()) > LoginRequest.MAX_USERNAME_LENGTH) {
            throw new ValidationException("username",
                    "must be at most " + LoginRequest.MAX_USERNAME_LENGTH + " characters once lower-cased");
        }
        return username;
    }
}
