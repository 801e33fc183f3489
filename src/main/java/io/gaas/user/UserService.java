package io.gaas.user;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.gaas.config.Timestamps;
import io.gaas.quota.AccountSummary;
import io.gaas.quota.QuotaService;
import io.gaas.throttle.SlidingWindow;
import io.gaas.web.PageResponse;
import io.gaas.web.ValidationException;
import jakarta.annotation.Nullable;

/** Accounts: registration, passwords, token revocation, and the admin's changes of role and state. */
@Service
@Transactional(readOnly = true)
public class UserService {

    static final Duration REGISTRATION_WINDOW = Duration.ofHours(1);

    private final UserRepository users;
    private final UserQueries queries;
    private final QuotaService quota;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final RegistrationThrottle registrations;
    private final RegistrationProperties registration;

    UserService(UserRepository users, UserQueries queries, QuotaService quota, PasswordEncoder passwordEncoder,
            Clock clock, ApplicationEventPublisher events, RegistrationThrottle registrations,
            RegistrationProperties registration) {
        this.registrations = registrations;
        this.registration = registration;
        this.users = users;
        this.queries = queries;
        this.quota = quota;
        this.passwordEncoder = passwordEncoder;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Registers a USER with the initial grant, unless registration is closed or the client address
     * has registered its hourly allowance already. The address's lock row serialises registrations
     * from one address on every replica; only a successful registration counts (it is recorded in
     * the same transaction). The unique username column settles races between names.
     */
    @Transactional
    public UserResponse register(String username, String password, String clientAddress) {
        if (registration.mode() == RegistrationProperties.Mode.CLOSED) {
            throw new RegistrationClosedException();
        }
        String canonical = Usernames.canonical(username);
        refuseReserved(canonical);
        Instant now = Timestamps.now(clock);
        SlidingWindow hourly = new SlidingWindow(registration.perHour(), REGISTRATION_WINDOW);
        registrations.lock(clientAddress);
        long wait = hourly.secondsToWait(registrations.registrationsAfter(clientAddress, hourly.countsAfter(now)), now);
        if (wait > 0) {
            throw new TooManyRegistrationsException(wait);
        }
        User user = create(canonical, password, Role.USER, canonical, null);
        registrations.record(clientAddress, now);
        return UserResponse.from(user, quota.balanceOf(user.getId()));
    }

    /**
     * An admin's new account, in either registration mode: the role and initial hours are the
     * admin's choice, and the initial grant is written to the ledger as the admin's.
     */
    @Transactional
    public UserResponse createByAdmin(String adminUsername, CreateUserRequest request) {
        String canonical = Usernames.canonical(request.username());
        refuseReserved(canonical);
        User user = create(canonical, request.password(), request.targetRole(), adminUsername, request.initialHours());
        return UserResponse.from(user, quota.balanceOf(user.getId()));
    }

    /** {@code system} names what the service does by itself in histories and ledgers: nobody may be it. */
    private static void refuseReserved(String canonicalUsername) {
        if (Usernames.isReserved(canonicalUsername)) {
            throw new ValidationException("username", "is reserved");
        }
    }

    @Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT1M")
    @Transactional
    void purgeOldRegistrations() {
        registrations.purgeBefore(clock.instant().minus(REGISTRATION_WINDOW));
    }

    /**
     * Creates the user and opens its quota account with {@code initialHours} (null: the configured
     * initial quota), granted in the ledger by {@code actor}.
     */
    @Transactional
    User create(String username, String password, Role role, String actor, @Nullable BigDecimal initialHours) {
        if (users.existsByUsername(username)) {
            throw new UsernameTakenException(username);
        }
        User user = new User(username, passwordEncoder.encode(password), role, Timestamps.now(clock));
        try {
            users.saveAndFlush(user);
        }
        catch (DataIntegrityViolationException concurrentRegistration) {
            throw new UsernameTakenException(username);
        }
        if (initialHours == null) {
            quota.openAccount(user.getId(), actor);
        }
        else {
            quota.openAccount(user.getId(), actor, initialHours);
        }
        return user;
    }

    /**
     * The user named by a request's token. It runs on every authenticated request and changes
     * nothing, so it is one SELECT without a transaction of its own (which would add a BEGIN and a
     * COMMIT round trip).
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Optional<UserAccess> findAccess(UUID id) {
        return queries.findAccess(id);
    }

    /**
     * Locks the user's row until the caller's transaction ends, and returns it as it is now. What
     * is decided per user under this lock (e.g. the number of live personal tokens) cannot be
     * decided twice at once, on any replica; disabling the user takes the same lock.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UserAccess lockAccess(UUID id) {
        User user = users.findForUpdateById(id).orElseThrow(UserNotFoundException::new);
        return new UserAccess(user.getId(), user.getUsername(), user.getRole(), user.isEnabled(),
                user.getTokenVersion());
    }

    /** The user, or a 404 {@code NOT_FOUND} problem. */
    @Transactional(propagation = Propagation.SUPPORTS)
    public UserAccess requireAccess(UUID id) {
        return queries.findAccess(id).orElseThrow(UserNotFoundException::new);
    }

    public Optional<User> findByUsername(String username) {
        return users.findByUsername(Usernames.canonical(username));
    }

    /** Hashing takes a while: no transaction, so no pooled connection is held meanwhile. */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public boolean passwordMatches(User user, String rawPassword) {
        return passwordEncoder.matches(rawPassword, user.getPasswordHash());
    }

    /**
     * The user with the balance: one SELECT, and no transaction of its own. Inside a caller's
     * transaction it sees what that transaction has flushed.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public UserResponse view(UUID userId) {
        return queries.findView(userId).orElseThrow(UserNotFoundException::new);
    }

    public PageResponse<UserResponse> list(Pageable pageable) {
        Page<User> page = users.findAll(pageable);
        Map<UUID, AccountSummary> accounts = quota.summariesOf(page.map(User::getId).getContent());
        return PageResponse.from(page, user -> UserResponse.from(user, accounts.get(user.getId())));
    }

    /**
     * Re-hashes a password that was just verified, if its hash was made at another iteration count
     * than the current setting, so that raising (or lowering) the setting reaches every account.
     */
    @Transactional
    public void upgradePasswordHash(User user, String verifiedPassword) {
        if (passwordEncoder.upgradeEncoding(user.getPasswordHash())) {
            users.replacePasswordHash(user.getId(), user.getPasswordHash(), passwordEncoder.encode(verifiedPassword));
        }
    }

    /**
     * Changes the password and revokes every token issued before. A wrong current password does not
     * roll back the caller's transaction, which records the failure.
     */
    @Transactional(noRollbackFor = InvalidCredentialsException.class)
    public void changePassword(UUID userId, String currentPassword, String newPassword) {
        User user = users.findForUpdateById(userId).orElseThrow(UserNotFoundException::new);
        if (!passwordEncoder.matches(currentPassword, user.getPasswordHash())) {
            throw new InvalidCredentialsException();
        }
        user.changePasswordHash(passwordEncoder.encode(newPassword));
        users.saveAndFlush(user);
        users.incrementTokenVersion(userId);
    }

    /** Revokes every token of the user issued up to now, on every replica (the version is in the database). */
    @Transactional
    public void revokeTokens(UUID userId) {
        users.incrementTokenVersion(userId);
    }

    /**
     * An admin's change of role, enabled flag and/or low-balance threshold. Disabling revokes the user's tokens, so that
     * re-enabling does not revive them. The last enabled admin can be neither demoted nor disabled:
     * a change that could remove an admin first locks every enabled admin, so two such changes
     * (on any replica) are serialised and always in the same lock order.
     */
    @Transactional
    public UserResponse update(UUID userId, UpdateUserRequest request) {
        Role role = request.targetRole();
        boolean couldRemoveAdmin = role == Role.USER || Boolean.FALSE.equals(request.enabled());
        List<User> enabledAdmins = couldRemoveAdmin ? users.lockEnabledAdmins() : List.of();
        User user = users.findForUpdateById(userId).orElseThrow(UserNotFoundException::new);
        if (couldRemoveAdmin && user.isEnabledAdmin()
                && enabledAdmins.stream().allMatch(admin -> admin.getId().equals(userId))) {
            throw new LastAdminException();
        }
        boolean disabling = user.isEnabled() && Boolean.FALSE.equals(request.enabled());
        if (role != null) {
            user.changeRole(role);
        }
        if (request.enabled() != null) {
            user.changeEnabled(request.enabled());
        }
        users.saveAndFlush(user);
        if (disabling) {
            users.incrementTokenVersion(userId);
            events.publishEvent(new UserDisabled(userId));
        }
        if (request.lowBalanceHours() != null) {
            quota.setLowBalanceHours(userId, request.lowBalanceHours().orElse(null));
        }
        return UserResponse.from(user, quota.summaryOf(userId));
    }
}
