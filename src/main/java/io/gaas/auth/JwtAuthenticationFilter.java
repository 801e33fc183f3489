package io.gaas.auth;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.TransactionException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

import io.gaas.token.PersonalTokenAccess;
import io.gaas.token.PersonalTokenService;
import io.gaas.user.AuthenticatedUser;
import io.gaas.user.UserAccess;
import io.gaas.user.UserService;
import io.gaas.web.ErrorCode;
import io.gaas.web.ProblemDetails;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authenticates {@code Authorization: Bearer} requests, telling the kinds of token apart by their
 * prefix: one of an opaque kind (a worker's {@code gaasw_...}) goes to that kind's authenticator,
 * {@code gaasp_} is a personal access token, looked up by its hash together with its user, and
 * anything else is a login JWT, which names a user and a token version; the user is re-read on
 * every request, so a deleted, disabled or demoted user, a deleted token, or a JWT from before the
 * last logout, counts at once. One database read at most. A personal token's authorities carry its
 * kind, which {@link TokenKindRules} reads. An invalid token leaves the request anonymous, and the
 * entry point answers 401 where authentication is needed; a valid token of a kind the path does not
 * take (see {@link TokenKind#mayCall}) is 403 {@code TOKEN_NOT_ALLOWED} at once.
 */
class JwtAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";
    private static final Logger log = LoggerFactory.getLogger(JwtAuthenticationFilter.class);

    /** An authenticated caller and what the token that authenticated it adds to its role. */
    private record Caller(AuthenticatedUser user, List<String> tokenAuthorities) {
    }

    private final TokenService tokens;
    private final UserService users;
    private final List<OpaqueTokenAuthenticator> opaqueTokens;
    private final PersonalTokenService personalTokens;
    private final ProblemResponseWriter problems;

    JwtAuthenticationFilter(TokenService tokens, UserService users, List<OpaqueTokenAuthenticator> opaqueTokens,
            PersonalTokenService personalTokens, ProblemResponseWriter problems) {
        this.tokens = tokens;
        this.users = users;
        this.opaqueTokens = List.copyOf(opaqueTokens);
        this.personalTokens = personalTokens;
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
            Optional<Authentication> authentication;
            try {
                authentication = opaque.isPresent() ? opaque.get().authenticate(token) : authenticateUser(token);
            }
            catch (DataAccessException | TransactionException databaseDown) {
                // Outside the controllers, so the exception handler would not see it: answer here, in the
                // same shape, rather than let the container's error page answer.
                log.warn("Could not check a token against the database: {}", databaseDown.getMessage());
                problems.write(request, response, ErrorCode.SERVICE_UNAVAILABLE, ProblemDetails.DATABASE_UNAVAILABLE);
                return;
            }
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
        return authenticate(token).map(caller -> {
            List<GrantedAuthority> authorities = new ArrayList<>();
            authorities.add(new SimpleGrantedAuthority("ROLE_" + caller.user().role().name()));
            caller.tokenAuthorities().forEach(kind -> authorities.add(new SimpleGrantedAuthority(kind)));
            return new UsernamePasswordAuthenticationToken(caller.user(), null, authorities);
        });
    }

    private Optional<Caller> authenticate(String token) {
        if (token.startsWith(PersonalTokenService.PREFIX)) {
            return personalTokens.authenticate(token).map(JwtAuthenticationFilter::personal);
        }
        return tokens.verify(token)
            .flatMap(verified -> users.findAccess(verified.userId())
                .filter(UserAccess::enabled)
                .filter(user -> user.tokenVersion() == verified.tokenVersion()))
            .map(user -> new Caller(user.toAuthenticatedUser(), List.of()));
    }

    private static Caller personal(PersonalTokenAccess access) {
        return new Caller(access.user(), access.admin()
                ? List.of(TokenKindRules.PERSONAL, TokenKindRules.PERSONAL_ADMIN)
                : List.of(TokenKindRules.PERSONAL));
    }
}
