package io.gaas.user;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.gaas.config.Timestamps;
import io.gaas.quota.QuotaService;
import io.gaas.web.PageResponse;

/** Accounts: registration, passwords, token revocation, and the admin's changes of role and state. */
@Service
@Transactional(readOnly = true)
public class UserService {

    private final UserRepository users;
    private final UserQueries queries;
    private final QuotaService quota;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    UserService(UserRepository users, UserQueries queries, QuotaService quota, PasswordEncoder passwordEncoder,
            Clock clock, ApplicationEventPublisher events) {
        this.users = users;
        this.queries = queries;
        this.quota = quota;
        this.passwordEncoder = passwordEncoder;
        this.clock = clock;
        this.events = events;
    }

    /** Registers a USER with the initial grant. The unique username column settles races. */
    @Transactional
    public UserResponse register(String username, String password) {
        User user = create(Usernames.canonical(username), password, Role.USER);
        return UserResponse.from(user, quota.balanceOf(user.getId()));
    }

    @Transactional
    User create(String username, String password, Role role) {
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
        quota.openAccount(user.getId(), username);
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
        Map<UUID, BigDecimal> balances = quota.balancesOf(page.map(User::getId).getContent());
        return PageResponse.from(page, user -> UserResponse.from(user, balances.get(user.getId())));
    }

    /** Changes the password and revokes every token issued before. */
    @Transactional
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
     * An admin's change of role and/or enabled flag. Disabling revokes the user's tokens, so that
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
        return UserResponse.from(user, quota.balanceOf(userId));
    }
}
