package io.gaas.auth;

import java.time.Clock;
import java.time.Instant;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gaas.config.Timestamps;
import io.gaas.user.AuthenticatedUser;
import io.gaas.user.InvalidCredentialsException;
import io.gaas.user.UserService;

/**
 * A password change proves the current password, so a stolen token must not become an unlimited
 * password oracle: wrong current passwords count as failed logins of the same username, and at the
 * limit both answer 429.
 */
@Service
class PasswordChangeService {

    private final UserService users;
    private final LoginThrottle throttle;
    private final Clock clock;

    PasswordChangeService(UserService users, LoginThrottle throttle, Clock clock) {
        this.users = users;
        this.throttle = throttle;
        this.clock = clock;
    }

    /**
     * @throws TooManyLoginAttemptsException once the username's limit is reached, even for the right password
     * @throws InvalidCredentialsException for a wrong current password (and the failure is kept)
     */
    @Transactional(noRollbackFor = InvalidCredentialsException.class)
    public void change(AuthenticatedUser user, String currentPassword, String newPassword) {
        Instant now = Timestamps.now(clock);
        long wait = throttle.secondsToWait(user.username(), now);
        if (wait > 0) {
            throw new TooManyLoginAttemptsException(wait);
        }
        try {
            users.changePassword(user.id(), currentPassword, newPassword);
        }
        catch (InvalidCredentialsException wrong) {
            throttle.recordFailure(user.username(), now);
            throw wrong;
        }
        throttle.clear(user.username());
    }
}
