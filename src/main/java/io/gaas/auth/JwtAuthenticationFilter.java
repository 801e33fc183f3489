package io.gaas.auth;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.TransactionException;
import org.springframework.web.filter.OncePerRequestFilter;

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
 * Authenticates {@code Authorization: Bearer} requests. The token names a user and a token version;
 * the user is re-read on every request, so a deleted, disabled or demoted user, or a token from
 * before the last logout, counts at once. An invalid token leaves the request anonymous, and the
 * entry point answers 401 where authentication is needed.
 */
class JwtAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";
    private static final Logger log = LoggerFactory.getLogger(JwtAuthenticationFilter.class);

    private final TokenService tokens;
    private final UserService users;
    private final ProblemResponseWriter problems;

    JwtAuthenticationFilter(TokenService tokens, UserService users, ProblemResponseWriter problems) {
        this.tokens = tokens;
        this.users = users;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            Optional<AuthenticatedUser> authenticated;
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
            authenticated.ifPresentOrElse(user -> {
                var authentication = new UsernamePasswordAuthenticationToken(user, null,
                        List.of(new SimpleGrantedAuthority("ROLE_" + user.role().name())));
                SecurityContextHolder.getContext().setAuthentication(authentication);
            }, SecurityContextHolder::clearContext);
        }
        chain.doFilter(request, response);
    }

    private Optional<AuthenticatedUser> authenticate(String token) {
        return tokens.verify(token)
            .flatMap(verified -> users.findAccess(verified.userId())
                .filter(UserAccess::enabled)
                .filter(user -> user.tokenVersion() == verified.tokenVersion()))
            .map(UserAccess::toAuthenticatedUser);
    }
}
