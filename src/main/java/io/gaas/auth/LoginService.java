package io.gaas.auth;

import java.util.Optional;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import io.gaas.config.BusinessMetrics;
import io.gaas.user.InvalidCredentialsException;
import io.gaas.user.User;
import io.gaas.user.UserService;
import io.gaas.user.Usernames;
import io.gaas.web.ValidationException;

/**
 * Password logins, rate-limited per (lower-cased username, client address) and per client address
 * across all replicas (see {@link LoginThrottle}). An unknown username costs the same password
 * hashing as a known one, so timing does not tell which users exist.
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
    private final String dummyHash;

    LoginService(UserService users, TokenService tokens, LoginThrottle throttle, PasswordEncoder passwordEncoder) {
        this.users = users;
        this.tokens = tokens;
        this.throttle = throttle;
        this.passwordEncoder = passwordEncoder;
        this.dummyHash = passwordEncoder.encode("a password that no account has");
    }

    /**
     * Checks the password and issues a token. The attempt is counted (as a failure, until the password
     * proves right) before the password is checked, in a transaction of its own, so no lock or pooled
     * connection is held while hashing. A hash made at another iteration count is re-made at the
     * current one.
     *
     * @param clientAddress the key of the client address (see {@code ClientAddresses})
     * @throws ValidationException for a name longer than the limit once lower-cased
     * @throws TooManyLoginAttemptsException at the pair's or the address's limit, even for the right password
     * @throws InvalidCredentialsException for an unknown user or a wrong password, alike
     * @throws AccountDisabledException for the right password to a disabled account
     */
    public IssuedToken login(String rawUsername, String password, String clientAddress) {
        String username = canonical(rawUsername);
        LoginThrottle.Attempt attempt;
        try {
            attempt = throttle.begin(username, clientAddress);
        }
        catch (TooManyLoginAttemptsException throttled) {
            BusinessMetrics.loginFailed("throttled");
            throw throttled;
        }
        User user;
        try {
            user = checkedUser(username, password);
        }
        catch (InvalidCredentialsException wrong) {
            BusinessMetrics.loginFailed("bad_credentials");
            throw wrong; // the attempt stays counted as a failure
        }
        catch (RuntimeException checkFailed) {
            withdraw(attempt, checkFailed);
            throw checkFailed;
        }
        if (!user.isEnabled()) {
            withdraw(attempt, null);
            BusinessMetrics.loginFailed("disabled");
            throw new AccountDisabledException();
        }
        throttle.succeeded(attempt);
        users.upgradePasswordHash(user, password);
        return new IssuedToken(tokens.issue(user), tokens.ttlSeconds());
    }

    /** The user whose password this is; an unknown name costs the same hashing as a known one. */
    private User checkedUser(String username, String password) {
        Optional<User> user = users.findByUsername(username);
        if (user.isEmpty()) {
            passwordEncoder.matches(password, dummyHash); // same cost as a real check
            throw new InvalidCredentialsException();
        }
        if (!users.passwordMatches(user.get(), password)) {
            throw new InvalidCredentialsException();
        }
        return user.get();
    }

    /** Takes back an attempt that was no failure; if even that fails, the first error is the one reported. */
    private void withdraw(LoginThrottle.Attempt attempt, RuntimeException cause) {
        try {
            throttle.withdraw(attempt);
        }
        catch (RuntimeException alsoFailed) {
            if (cause == null) {
                throw alsoFailed;
            }
            cause.addSuppressed(alsoFailed);
        }
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
