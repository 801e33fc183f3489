package io.gaas.auth;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

import io.gaas.user.AuthenticatedUser;
import io.gaas.user.UserAccess;
import io.gaas.user.UserService;
import io.gaas.web.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authenticates {@code Authorization: Bearer} requests. A token with the prefix of an opaque kind
 * (a worker's {@code gaasw_...}) goes to that kind's authenticator; anything else is a login JWT,
 * which names a user and a token version; the user is re-read on every request, so a deleted,
 * disabled or demoted user, or a token from before the last logout, counts at once. Either way one
 * database read at most. An invalid token leaves the request anonymous, and the entry point answers
 * 401 where authentication is needed; a valid token of a kind the path does not take (see
 * {@link TokenKind#mayCall}) is 403 {@code TOKEN_NOT_ALLOWED} at once.
 */
class JwtAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final TokenService tokens;
    private final UserService users;
    private final List<OpaqueTokenAuthenticator> opaqueTokens;
    private final ProblemResponseWriter problems;

    JwtAuthenticationFilter(TokenService tokens, UserService users, List<OpaqueTokenAuthenticator> opaqueTokens,
            ProblemResponseWriter problems) {
        this.tokens = tokens;
        this.users = users;
        this.opaqueTokens = List.copyOf(opaqueTokens);
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = header.substring(BEARER.length()).strip();
            Optional<OpaqueTokenAuthenticator> opaque = opaqueTokens.stream()
                .filter(kind -> token.startsWith(kind.prefix()))
                .findFirst();
            TokenKind kind = opaque.map(OpaqueTokenAuthenticator::kind).orElse(TokenKind.USER);
            Optional<Authentication> authentication = opaque.isPresent() ? opaque.get().authenticate(token)
                    : authenticateUser(token);
            if (authentication.isEmpty()) {
                SecurityContextHolder.clearContext();
            }
            else if (!kind.mayCall(pathOf(request))) {
                SecurityContextHolder.clearContext();
                problems.write(request, response, ErrorCode.TOKEN_NOT_ALLOWED, kind == TokenKind.WORKER
                        ? "A worker token works only under /api/v1/worker/."
                        : "This endpoint takes a worker token, not a user's token.");
                return;
            }
            else {
                SecurityContextHolder.getContext().setAuthentication(authentication.get());
            }
        }
        chain.doFilter(request, response);
    }

    /** Decoded, as the handler mappings see it: {@code /api/v1/%77orker/claim} is a worker path too. */
    private static String pathOf(HttpServletRequest request) {
        return UrlPathHelper.defaultInstance.getPathWithinApplication(request);
    }

    private Optional<Authentication> authenticateUser(String token) {
        return authenticate(token).map(user -> new UsernamePasswordAuthenticationToken(user, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + user.role().name()))));
    }

    private Optional<AuthenticatedUser> authenticate(String token) {
        return tokens.verify(token)
            .flatMap(verified -> users.findAccess(verified.userId())
                .filter(UserAccess::enabled)
                .filter(user -> user.tokenVersion() == verified.tokenVersion()))
            .map(UserAccess::toAuthenticatedUser);
    }
}
