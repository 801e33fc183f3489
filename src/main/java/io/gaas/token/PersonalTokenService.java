package io.gaas.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.gaas.config.Timestamps;
import io.gaas.token.PersonalTokenQueries.TokenAccess;
import io.gaas.user.AuthenticatedUser;
import io.gaas.user.Role;
import io.gaas.user.UserAccess;
import io.gaas.user.UserDisabled;
import io.gaas.user.UserService;
import io.gaas.web.PageRequests;
import io.gaas.web.PageResponse;
import io.gaas.web.ValidationException;

/**
 * Personal access tokens: {@code gaasp_} and 32 random bytes (base64url), of which only the SHA-256
 * is stored. Nothing about them is cached in a replica: every request reads the token row, so a
 * deletion, an expiry or the user's disabling counts at once everywhere.
 */
@Service
@Transactional(readOnly = true)
public class PersonalTokenService {

    public static final String PREFIX = "gaasp_";

    static final int MAX_LIVE_TOKENS = 20;
    static final int SECRET_BYTES = 32;

    /** How often {@code lastUsedAt} is written at most, per token. */
    static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    private static final Pattern SHAPE = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{43}");

    private final PersonalTokenRepository tokens;
    private final PersonalTokenQueries queries;
    private final UserService users;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    PersonalTokenService(PersonalTokenRepository tokens, PersonalTokenQueries queries, UserService users, Clock clock) {
        this.tokens = tokens;
        this.queries = queries;
        this.users = users;
        this.clock = clock;
    }

    /**
     * Creates a token for the user. The user's row is locked first, so that two creations (on any
     * replica) cannot both pass the limit of live tokens, and a disabling cannot slip between.
     */
    @Transactional
    CreatedPersonalTokenResponse create(UUID userId, CreatePersonalTokenRequest request) {
        UserAccess user = users.lockAccess(userId);
        if (request.wantsAdmin() && user.role() != Role.ADMIN) {
            throw new ValidationException("admin", "only an admin can create an admin token");
        }
        Instant now = Timestamps.now(clock);
        if (tokens.countByUserIdAndExpiresAtAfter(userId, now) >= MAX_LIVE_TOKENS) {
            throw new TooManyTokensException(MAX_LIVE_TOKENS);
        }
        String secret = newSecret();
        PersonalToken token = new PersonalToken(userId, request.name(), hash(secret), request.wantsAdmin(), now,
                now.plus(Duration.ofDays(request.days())));
        tokens.saveAndFlush(token);
        return CreatedPersonalTokenResponse.from(token, secret);
    }

    PageResponse<PersonalTokenResponse> list(UUID userId, int page, int size) {
        return PageResponse.from(tokens.findByUserId(userId, PageRequests.newestFirst(page, size)),
                PersonalTokenResponse::from);
    }

    /** An admin's view of anyone's tokens: 404 for an unknown user. */
    PageResponse<PersonalTokenResponse> listOf(UUID userId, int page, int size) {
        users.requireAccess(userId);
        return list(userId, page, size);
    }

    /** Deletes one of the user's tokens; another user's token is as unknown as a missing one. */
    @Transactional
    void delete(UUID userId, UUID tokenId) {
        PersonalToken token = tokens.findByIdAndUserId(tokenId, userId).orElseThrow(PersonalTokenNotFoundException::new);
        tokens.delete(token);
        tokens.flush();
    }

    /** A user's disabling ends their tokens for good, in the disabling transaction. */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void onUserDisabled(UserDisabled disabled) {
        tokens.deleteByUserId(disabled.userId());
    }

    /**
     * The caller a bearer token speaks for, if it is a live personal token of an enabled user. One
     * SELECT, no transaction; and, at most once a minute per token, a conditional UPDATE of its
     * {@code lastUsedAt}.
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public Optional<PersonalTokenAccess> authenticate(String bearer) {
        if (!SHAPE.matcher(bearer).matches()) {
            return Optional.empty();
        }
        Optional<TokenAccess> found = queries.findByHash(hash(bearer));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        TokenAccess access = found.get();
        Instant now = Timestamps.now(clock);
        if (!access.enabled() || !now.isBefore(access.expiresAt())) {
            return Optional.empty();
        }
        Instant notBefore = now.minus(LAST_USED_PRECISION);
        if (access.lastUsedAt() == null || access.lastUsedAt().isBefore(notBefore)) {
            queries.touch(access.tokenId(), now, notBefore);
        }
        boolean admin = access.admin() && access.role() == Role.ADMIN;
        return Optional.of(new PersonalTokenAccess(
                new AuthenticatedUser(access.userId(), access.username(), admin ? Role.ADMIN : Role.USER),
                access.admin()));
    }

    private String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }
}
