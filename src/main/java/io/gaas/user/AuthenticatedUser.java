package io.gaas.user;

import java.util.UUID;

/** The caller of a request, as re-read from the database on every request. */
public record AuthenticatedUser(UUID id, String username, Role role) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
