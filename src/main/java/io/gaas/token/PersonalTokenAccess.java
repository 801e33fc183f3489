package io.gaas.token;

import io.gaas.user.AuthenticatedUser;

/**
 * A request's caller as a valid personal token makes it: its user, with a USER's role unless the
 * token was made with {@code admin} and the user is an admin now; and whether it is such an admin token.
 */
public record PersonalTokenAccess(AuthenticatedUser user, boolean admin) {
}
