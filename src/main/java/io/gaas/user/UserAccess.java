package io.gaas.user;

import java.util.UUID;

/**
 * What decides whether a token still speaks for its user: the row's role, state and token
 * version, read on every authenticated request (see {@link UserService#findAccess}).
 */
public record UserAccess(UUID id, String username, Role role, boolean enabled, int tokenVersion) {

    public AuthenticatedUser toAuthenticatedUser() {
        return new AuthenticatedUser(id, username, role);
    }
}
