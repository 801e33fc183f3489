package io.gaas.auth;

import java.util.Optional;

import org.springframework.security.core.Authentication;

/**
 * Verifies one kind of opaque bearer token (a random string with a fixed prefix, checked against a
 * stored hash). Features that issue such tokens provide one as a bean; the bearer filter picks it
 * by prefix, so the security chain needs no knowledge of the feature.
 */
public interface OpaqueTokenAuthenticator {

    /** The prefix every token of this kind starts with, e.g. {@code gaasw_}. */
    String prefix();

    TokenKind kind();

    /**
     * The authentication for a valid token, with at most one database read; empty for an unknown,
     * revoked or malformed one.
     */
    Optional<Authentication> authenticate(String token);
}
