package io.gaas.auth;

import org.springframework.stereotype.Service;

import io.gaas.user.AuthenticatedUser;
import io.gaas.user.InvalidCredentialsException;
import io.gaas.user.UserService;

/**
 * A password change proves the current password, so a stolen token must not become an unlimited
 * password oracle: a wrong current password counts as a failed login of the same username from the
 * same client address (and against that address), and at either limit both answer 429.
 */
@Service
class PasswordChangeService {

    private final UserService users;
    private final LoginThrottle throttle;

    PasswordChangeService(UserService users, LoginThrottle throttle) {
        this.users = users;
        this.throttle = throttle;
    }

    /**
     * Runs outside a transaction: the attempt is counted in one of its own (see {@link LoginThrottle}).
     *
     * @param clientAddress the key of the client address (see {@code ClientAddresses})
     * @throws TooManyLoginAttemptsException at the pair's or the address's limit, even for the right password
     * @throws InvalidCredentialsException for a wrong current password (and the failure is kept)
     */
    public void change(AuthenticatedUser user, String currentPassword, String newPassword, String clientAddress) {
        LoginThrottle.Attempt attempt = throttle.begin(user.username(), clientAddress);
        try {
            users.changePassword(user.id(), currentPassword, newPassword);
        }
        catch (InvalidCredentialsException wrong) {
            throw wrong; // the attempt stays counted as a failure
        }
        catch (RuntimeException failed) {
            try {
                throttle.withdraw(attempt);
            }
            catch (RuntimeException alsoFailed) {
                failed.addSuppressed(alsoFailed);
            }
            throw failed;
        }
        throttle.succeeded(attempt);
    }
}
