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
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.TransactionException;
import org.springframework.web.filter.OncePerRequestFilter;

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
 * prefix: {@code gaasp_} is a personal access token, anything else a login JWT. A JWT names a user
 * and a token version; a personal token is looked up by its hash together with its user. Either
 * way the user is re-read on every request (one SELECT), so a deleted, disabled or demoted user, a
 * deleted token, or a JWT from before the last logout, counts at once. The caller's authorities
 * carry the token's kind, which {@link TokenKindRules} reads. An invalid token leaves the request
 * anonymous, and the entry point answers 401 where authentication is needed.
 */
class JwtAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";
    private static final Logger log = LoggerFactory.getLogger(JwtAuthenticationFilter.class);

    /** An authenticated caller and what the token that authenticated it adds to its role. */
    private record Caller(AuthenticatedUser user, List<String> tokenAuthorities) {
    }

    private final TokenService tokens;
    private final UserService users;
    private final PersonalTokenService personalTokens;
    private final ProblemResponseWriter problems;

    JwtAuthenticationFilter(TokenService tokens, UserService users, PersonalTokenService personalTokens,
            ProblemResponseWriter problems) {
        this.tokens = tokens;
        this.users = users;
        this.personalTokens = personalTokens;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            Optional<Caller> authenticated;
            try {
                authenticated = authenticate(header.substring(BEARER.length()).strip());
            }
            catch (DataAccessException | TransactionException databaseDown) {
                // Outside the controllers, so the exception handler would not see it: answer here, in the
                // same shape, rather than let the container's error page answer.
                log.warn("Could not check a token against the database: {}", databaseDown.getMessage());
                problems.write(request, response, ErrorCode.SERVICE_UNAVAILABLE, ProblemDetails.DATABASE_UNAVAILABLE);
                return;
            }
            authenticated.ifPresentOrElse(caller -> {
                List<GrantedAuthority> authorities = new ArrayList<>();
                authorities.add(new SimpleGrantedAuthority("ROLE_" + caller.user().role().name()));
                caller.tokenAuthorities().forEach(kind -> authorities.add(new SimpleGrantedAuthority(kind)));
                var authentication = new UsernamePasswordAuthenticationToken(caller.user(), null, authorities);
                SecurityContextHolder.getContext().setAuthentication(authentication);
            }, SecurityContextHolder::clearContext);
        }
        chain.doFilter(request, response);
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
