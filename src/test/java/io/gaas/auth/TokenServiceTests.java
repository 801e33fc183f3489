package io.gaas.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

import javax.crypto.SecretKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.gaas.user.User;
import io.gaas.user.UserFixtures;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;

class TokenServiceTests {

    private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");
    private static final byte[] KEY_BYTES = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String SECRET = Base64.getEncoder().encodeToString(KEY_BYTES);

    private final MutableClock clock = new MutableClock(START);

    @Test
    void verifyWhenTokenJustIssuedThenReturnsUserAndTokenVersion() {
        TokenService tokens = tokenService(SECRET);
        User alice = UserFixtures.withTokenVersion(UserFixtures.user("alice"), 3);

        assertThat(tokens.verify(tokens.issue(alice)))
            .contains(new TokenService.VerifiedToken(alice.getId(), 3));
    }

    @Test
    void issueWhenCalledThenTokenHasTheDocumentedClaimsAndHs256() {
        TokenService tokens = tokenService(SECRET);
        User alice = UserFixtures.admin("alice");

        var jws = Jwts.parser().verifyWith(key()).clock(() -> Date.from(clock.instant())).build()
            .parseSignedClaims(tokens.issue(alice));

        assertThat(jws.getHeader().getAlgorithm()).isEqualTo("HS256");
        assertThat(jws.getPayload().getIssuer()).isEqualTo("gaas");
        assertThat(jws.getPayload().getSubject()).isEqualTo(alice.getId().toString());
        assertThat(jws.getPayload().getIssuedAt()).isEqualTo(Date.from(START));
        assertThat(jws.getPayload().getExpiration()).isEqualTo(Date.from(START.plus(Duration.ofHours(1))));
        assertThat(jws.getPayload().getId()).isNotBlank();
        assertThat(jws.getPayload().get("role", String.class)).isEqualTo("ADMIN");
        assertThat(tokens.ttlSeconds()).isEqualTo(3600);
    }

    @Test
    void verifyWhenExpiredWithinFiveSecondSkewThenAccepted() {
        TokenService tokens = tokenService(SECRET);
        User alice = UserFixtures.user("alice");
        String token = tokens.issue(alice);

        clock.set(START.plus(Duration.ofHours(1)).plusSeconds(4));

        assertThat(tokens.verify(token)).isPresent();
    }

    @Test
    void verifyWhenVerifiedBeforeAndExpiredSinceThenEmpty() {
        TokenService tokens = tokenService(SECRET);
        User alice = UserFixtures.user("alice");
        String token = tokens.issue(alice);
        assertThat(tokens.verify(token)).contains(new TokenService.VerifiedToken(alice.getId(), 0));

        clock.set(START.plus(Duration.ofHours(1)).plusSeconds(4));
        assertThat(tokens.verify(token)).as("within the skew").isPresent();
        clock.set(START.plus(Duration.ofHours(1)).plusSeconds(6));
        assertThat(tokens.verify(token)).as("beyond the skew").isEmpty();
        clock.set(START);
        assertThat(tokens.verify(token)).as("still valid at issue time, verified afresh").isPresent();
    }

    @Test
    void verifyWhenTamperedCopyOfAVerifiedTokenThenEmpty() {
        TokenService tokens = tokenService(SECRET);
        String token = tokens.issue(UserFixtures.user("alice"));
        assertThat(tokens.verify(token)).isPresent();

        char signatureChar = token.charAt(token.length() - 2); // the last one may be padding bits only
        String tampered = token.substring(0, token.length() - 2) + (signatureChar == 'A' ? 'B' : 'A')
                + token.charAt(token.length() - 1);

        assertThat(tokens.verify(tampered)).isEmpty();
        assertThat(tokens.verify(token)).isPresent();
    }

    @Test
    void verifyWhenExpiredBeyondFiveSecondSkewThenEmpty() {
        TokenService tokens = tokenService(SECRET);
        String token = tokens.issue(UserFixtures.user("alice"));

        clock.set(START.plus(Duration.ofHours(1)).plusSeconds(6));

        assertThat(tokens.verify(token)).isEmpty();
    }

    @Test
    void verifyWhenSignedWithAnotherSecretThenEmpty() {
        String otherSecret = Base64.getEncoder().encodeToString("another secret of thirty-two b.s".getBytes(
                StandardCharsets.US_ASCII));
        String token = tokenService(otherSecret).issue(UserFixtures.user("alice"));

        assertThat(tokenService(SECRET).verify(token)).isEmpty();
    }

    @Test
    void verifyWhenIssuedByAnotherIssuerThenEmpty() {
        String token = validClaims().issuer("someone-else").signWith(key(), Jwts.SIG.HS256).compact();

        assertThat(tokenService(SECRET).verify(token)).isEmpty();
    }

    @Test
    void verifyWhenBuiltTheSameWayByHandThenAccepted() {
        String token = validClaims().signWith(key(), Jwts.SIG.HS256).compact();

        assertThat(tokenService(SECRET).verify(token)).isPresent();
    }

    @Test
    void verifyWhenAlgorithmIsNoneThenEmpty() {
        String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = base64Url("{\"iss\":\"gaas\",\"sub\":\"" + UUID.randomUUID() + "\",\"iat\":"
                + START.getEpochSecond() + ",\"exp\":" + START.plusSeconds(3600).getEpochSecond() + ",\"ver\":0}");

        assertThat(tokenService(SECRET).verify(header + "." + payload + ".")).isEmpty();
    }

    @Test
    void verifyWhenSignedWithHs512AndALongEnoughKeyThenEmpty() {
        byte[] longKey = new byte[64];
        for (int i = 0; i < longKey.length; i++) {
            longKey[i] = (byte) (i * 7 + 3);
        }
        TokenService tokens = tokenService(Base64.getEncoder().encodeToString(longKey));
        SecretKey key = Keys.hmacShaKeyFor(longKey);
        String hs512 = validClaims().signWith(key, Jwts.SIG.HS512).compact();
        String hs256 = validClaims().signWith(key, Jwts.SIG.HS256).compact();

        assertThat(tokens.verify(hs512)).isEmpty();
        assertThat(tokens.verify(hs256)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = { "garbage", "a.b.c", "", "   ", "eyJhbGciOiJIUzI1NiJ9..", "Bearer x" })
    void verifyWhenNotAJwtThenEmpty(String token) {
        assertThat(tokenService(SECRET).verify(token)).isEmpty();
    }

    @Test
    void verifyWhenSignatureTamperedThenEmpty() {
        TokenService tokens = tokenService(SECRET);
        String token = tokens.issue(UserFixtures.user("alice"));
        char last = token.charAt(token.length() - 2);
        String tampered = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A')
                + token.charAt(token.length() - 1);

        assertThat(tokens.verify(tampered)).isEmpty();
    }

    @Test
    void verifyWhenVersionClaimMissingThenEmpty() {
        String token = Jwts.builder()
            .issuer("gaas")
            .subject(UUID.randomUUID().toString())
            .issuedAt(Date.from(START))
            .expiration(Date.from(START.plusSeconds(3600)))
            .signWith(key(), Jwts.SIG.HS256)
            .compact();

        assertThat(tokenService(SECRET).verify(token)).isEmpty();
    }

    @Test
    void verifyWhenVersionClaimIsTextThenEmpty() {
        String token = validClaims().claim("ver", "0").signWith(key(), Jwts.SIG.HS256).compact();

        assertThat(tokenService(SECRET).verify(token)).isEmpty();
    }

    @Test
    void verifyWhenExpiryMissingThenEmpty() {
        String token = Jwts.builder()
            .issuer("gaas")
            .subject(UUID.randomUUID().toString())
            .issuedAt(Date.from(START))
            .claim("ver", 0)
            .signWith(key(), Jwts.SIG.HS256)
            .compact();

        assertThat(tokenService(SECRET).verify(token)).isEmpty();
    }

    @Test
    void verifyWhenIssuedAtMissingThenEmpty() {
        String token = Jwts.builder()
            .issuer("gaas")
            .subject(UUID.randomUUID().toString())
            .expiration(Date.from(START.plusSeconds(3600)))
            .claim("ver", 0)
            .signWith(key(), Jwts.SIG.HS256)
            .compact();

        assertThat(tokenService(SECRET).verify(token)).isEmpty();
    }

    @Test
    void verifyWhenSubjectIsNotAUuidThenEmpty() {
        String token = validClaims().subject("alice").signWith(key(), Jwts.SIG.HS256).compact();

        assertThat(tokenService(SECRET).verify(token)).isEmpty();
    }

    @Test
    void constructWhenSecretShorterThan32BytesThenIllegalState() {
        String shortSecret = Base64.getEncoder().encodeToString(new byte[31]);

        assertThatThrownBy(() -> tokenService(shortSecret)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void constructWhenSecretIsExactly32BytesThenAccepted() {
        assertThatNoException().isThrownBy(() -> tokenService(Base64.getEncoder().encodeToString(new byte[32])));
    }

    @ParameterizedTest
    @ValueSource(strings = { "not base64 at all!", "****", "a" })
    void constructWhenSecretIsNotBase64ThenIllegalState(String secret) {
        assertThatThrownBy(() -> tokenService(secret)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void constructWhenNoSecretThenRandomSecretThatOnlyThisInstanceAccepts() {
        TokenService first = new TokenService(new JwtProperties(null, Duration.ofHours(1)), clock);
        TokenService second = new TokenService(new JwtProperties("", Duration.ofHours(1)), clock);
        String token = first.issue(UserFixtures.user("alice"));

        assertThat(first.verify(token)).isPresent();
        assertThat(second.verify(token)).isEmpty();
    }

    private TokenService tokenService(String secret) {
        return new TokenService(new JwtProperties(secret, Duration.ofHours(1)), clock);
    }

    private static SecretKey key() {
        return Keys.hmacShaKeyFor(KEY_BYTES);
    }

    private static JwtBuilder validClaims() {
        return Jwts.builder()
            .issuer("gaas")
            .subject(UUID.randomUUID().toString())
            .issuedAt(Date.from(START))
            .expiration(Date.from(START.plusSeconds(3600)))
            .claim("ver", 0);
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
