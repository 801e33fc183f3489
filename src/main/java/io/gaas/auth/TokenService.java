package io.gaas.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.SecretKey;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.gaas.user.User;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;

/**
 * Issues and verifies the service's HS256 tokens; the only class that knows jjwt. A token is only
 * a claim: the filter still checks its user and token version against the database.
 */
@Service
class TokenService {

    static final String ISSUER = "gaas";
    static final String ALGORITHM = "HS256";
    static final int MIN_SECRET_BYTES = 32;
    private static final long CLOCK_SKEW_SECONDS = 5;

    private static final Logger log = LoggerFactory.getLogger(TokenService.class);

    /**
     * Tokens already verified, with their expiry. A client sends the same token with every request
     * for its whole life, and the same string always verifies the same way until it expires, so the
     * signature and JSON work is done once per token rather than once per request. Only valid
     * tokens enter (forging one needs the secret); the bound keeps the map small even so.
     */
    static final int VERIFIED_CACHE_SIZE = 10_000;

    /** What a valid token says: its user, and the token version it was issued under. */
    record VerifiedToken(UUID userId, int tokenVersion) {
    }

    private record Verified(VerifiedToken token, Instant expiresAt) {
    }

    private final SecretKey key;
    private final JwtProperties properties;
    private final Clock clock;
    private final JwtParser parser;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    TokenService(JwtProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.key = Keys.hmacShaKeyFor(secretBytes(properties.secret()));
        this.parser = Jwts.parser()
            .verifyWith(key)
            .requireIssuer(ISSUER)
            .clockSkewSeconds(CLOCK_SKEW_SECONDS)
            .clock(() -> Date.from(clock.instant()))
            .build();
    }

    private static byte[] secretBytes(String secret) {
        if (secret == null || secret.isBlank()) {
            log.warn("GAAS_JWT_SECRET is not set: using a random secret, so tokens die with this process and "
                    + "are not accepted by other replicas. Set it (base64, at least 32 bytes) in production.");
            byte[] random = new byte[MIN_SECRET_BYTES];
            new SecureRandom().nextBytes(random);
            return random;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(secret.strip());
        }
        catch (IllegalArgumentException notBase64) {
            throw new IllegalStateException("GAAS_JWT_SECRET must be base64 (e.g. the output of "
                    + "'openssl rand -base64 32')");
        }
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("GAAS_JWT_SECRET must decode to at least " + MIN_SECRET_BYTES
                    + " bytes, but it has " + bytes.length + ". Generate one with 'openssl rand -base64 32'.");
        }
        return bytes;
    }

    long ttlSeconds() {
        return properties.ttl().toSeconds();
    }

    String issue(User user) {
        Instant now = clock.instant();
        return Jwts.builder()
            .issuer(ISSUER)
            .subject(user.getId().toString())
            .issuedAt(Date.from(now))
            .expiration(Date.from(now.plus(properties.ttl())))
            .id(UUID.randomUUID().toString())
            .claim("role", user.getRole().name())
            .claim("ver", user.getTokenVersion())
            .signWith(key, Jwts.SIG.HS256)
            .compact();
    }

    /** Empty for any token that is not ours, valid and unexpired (the reason is not the caller's business). */
    Optional<VerifiedToken> verify(String token) {
        Verified known = verified.get(token);
        if (known != null) {
            if (clock.instant().isAfter(known.expiresAt().plusSeconds(CLOCK_SKEW_SECONDS))) {
                verified.remove(token);
                return Optional.empty();
            }
            return Optional.of(known.token());
        }
        Optional<Verified> parsed = parse(token);
        parsed.ifPresent(valid -> {
            if (verified.size() >= VERIFIED_CACHE_SIZE) {
                verified.clear(); // simpler than an LRU, and refilled at one parse per token in use
            }
            verified.put(token, valid);
        });
        return parsed.map(Verified::token);
    }

    private Optional<Verified> parse(String token) {
        try {
            var jws = parser.parseSignedClaims(token);
            if (!ALGORITHM.equals(jws.getHeader().getAlgorithm())) {
                return Optional.empty();
            }
            Claims claims = jws.getPayload();
            Integer version = claims.get("ver", Integer.class);
            // A token without an expiry would live forever: refuse it even when correctly signed.
            if (claims.getSubject() == null || version == null || claims.getIssuedAt() == null
                    || claims.getExpiration() == null) {
                return Optional.empty();
            }
            return Optional.of(new Verified(new VerifiedToken(UUID.fromString(claims.getSubject()), version),
                    claims.getExpiration().toInstant()));
        }
        catch (JwtException | IllegalArgumentException invalid) {
            log.debug("Refused a token: {}", invalid.getMessage());
            return Optional.empty();
        }
    }
}
