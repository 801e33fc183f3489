package io.gaas.user;

import java.time.Instant;

import org.springframework.test.util.ReflectionTestUtils;

import io.gaas.web.ApiException;

/** Users and user errors for tests outside this package, where the mutators are not visible. */
public final class UserFixtures {

    public static final Instant CREATED_AT = Instant.parse("2026-11-27T10:15:30Z");

    private UserFixtures() {
    }

    public static User user(String username) {
        return new User(username, "{noop}secret", Role.USER, CREATED_AT);
    }

    public static User admin(String username) {
        return new User(username, "{noop}secret", Role.ADMIN, CREATED_AT);
    }

    public static User disabled(User user) {
        user.changeEnabled(false);
        return user;
    }

    public static User demoted(User user) {
        user.changeRole(Role.USER);
        return user;
    }

    public static User withTokenVersion(User user, int tokenVersion) {
        ReflectionTestUtils.setField(user, "tokenVersion", tokenVersion);
        return user;
    }

    /** The caller a request by this user is made as. */
    public static AuthenticatedUser authenticated(User user) {
        return new AuthenticatedUser(user.getId(), user.getUsername(), user.getRole());
    }

    /** What the authentication filter reads of the user. */
    public static UserAccess access(User user) {
        return new UserAccess(user.getId(), user.getUsername(), user.getRole(), user.isEnabled(),
                user.getTokenVersion());
    }

    public static ApiException usernameTaken(String username) {
        return new UsernameTakenException(username);
    }

    public static ApiException lastAdmin() {
        return new LastAdminException();
    }

    public static ApiException userNotFound() {
        return new UserNotFoundException();
    }
}
