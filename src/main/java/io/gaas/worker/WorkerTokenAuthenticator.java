package io.gaas.worker;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

import io.gaas.auth.OpaqueTokenAuthenticator;
import io.gaas.auth.TokenKind;

/**
 * Worker tokens: one SELECT by the token's hash, of the columns a request needs. A rotated token's
 * hash is gone from the table, so it is refused on the next request, on every replica.
 */
@Component
class WorkerTokenAuthenticator implements OpaqueTokenAuthenticator {

    private static final List<SimpleGrantedAuthority> AUTHORITIES = List.of(new SimpleGrantedAuthority("ROLE_WORKER"));

    private final JdbcClient jdbc;

    WorkerTokenAuthenticator(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String prefix() {
        return WorkerTokens.PREFIX;
    }

    @Override
    public TokenKind kind() {
        return TokenKind.WORKER;
    }

    @Override
    public Optional<Authentication> authenticate(String token) {
        if (!WorkerTokens.isWellFormed(token)) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT id, name, pool_id, gpus, enabled FROM workers WHERE token_hash = :hash")
            .param("hash", WorkerTokens.hash(token))
            .query((row, number) -> new AuthenticatedWorker(row.getObject("id", UUID.class), row.getString("name"),
                    row.getObject("pool_id", UUID.class), row.getInt("gpus"), row.getBoolean("enabled")))
            .optional()
            .map(worker -> new UsernamePasswordAuthenticationToken(worker, null, AUTHORITIES));
    }
}
