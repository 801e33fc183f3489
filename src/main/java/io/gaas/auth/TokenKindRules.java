package io.gaas.auth;

import java.util.function.Supplier;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * What each kind of bearer token may call. The filter marks the caller's authentication with its
 * token kind (an authority); these rules read it. A refusal because of the kind of token (rather
 * than the caller's role) is a {@link TokenNotAllowed} decision, which the access-denied handler
 * answers with 403 {@code TOKEN_NOT_ALLOWED}.
 */
final class TokenKindRules {

    /** Every request authenticated by a personal access token. */
    static final String PERSONAL = "TOKEN_PERSONAL";

    /** A personal access token made with {@code admin: true}. */
    static final String PERSONAL_ADMIN = "TOKEN_PERSONAL_ADMIN";

    private static final String ROLE_ADMIN = "ROLE_ADMIN";

    /** A denial for the kind of token, not for the caller's role. */
    static final class TokenNotAllowed extends AuthorizationDecision {

        TokenNotAllowed() {
            super(false);
        }
    }

    private TokenKindRules() {
    }

    /** Paths only a login (password) token may use: passwords, tokens, logout. */
    static AuthorizationManager<RequestAuthorizationContext> loginTokenOnly() {
        return new AuthorizationManager<>() {
            @Override
            public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                    RequestAuthorizationContext context) {
                Authentication caller = authentication.get();
                if (!isAuthenticated(caller)) {
                    return new AuthorizationDecision(false);
                }
                return has(caller, PERSONAL) ? new TokenNotAllowed() : new AuthorizationDecision(true);
            }
        };
    }

    /** Admin paths: an ADMIN's login token, or an ADMIN's personal token made with {@code admin: true}. */
    static AuthorizationManager<RequestAuthorizationContext> adminPowers() {
        return new AuthorizationManager<>() {
            @Override
            public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                    RequestAuthorizationContext context) {
                Authentication caller = authentication.get();
                if (!isAuthenticated(caller)) {
                    return new AuthorizationDecision(false);
                }
                if (has(caller, PERSONAL) && !has(caller, PERSONAL_ADMIN)) {
                    return new TokenNotAllowed();
                }
                return new AuthorizationDecision(has(caller, ROLE_ADMIN));
            }
        };
    }

    private static boolean isAuthenticated(Authentication caller) {
        return caller != null && caller.isAuthenticated() && !(caller instanceof AnonymousAuthenticationToken);
    }

    private static boolean has(Authentication caller, String authority) {
        for (GrantedAuthority granted : caller.getAuthorities()) {
            if (authority.equals(granted.getAuthority())) {
                return true;
            }
        }
        return false;
    }
}
