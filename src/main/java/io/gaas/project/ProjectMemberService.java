package io.gaas.project;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gaas.config.Timestamps;
import io.gaas.quota.Hours;
import io.gaas.user.AuthenticatedUser;
import io.gaas.user.User;
import io.gaas.user.UserService;
import io.gaas.user.Usernames;
import io.gaas.web.NotFoundException;
import io.gaas.web.PageRequests;
import io.gaas.web.PageResponse;

/**
 * A project's members. Who may do what: its members and admins read them; its MANAGERs and admins
 * add, change and remove plain members; only admins grant or take away MANAGER (managers approve
 * jobs, so they do not make more managers). Anyone else is told the project does not exist.
 */
@Service
@Transactional(readOnly = true)
public class ProjectMemberService {

    /** The member after a PUT, and whether the PUT added it (201) rather than changed it (200). */
    public record MemberChange(ProjectMemberResponse member, boolean added) {
    }

    private final ProjectQueries queries;
    private final UserService users;
    private final Clock clock;

    ProjectMemberService(ProjectQueries queries, UserService users, Clock clock) {
        this.queries = queries;
        this.users = users;
        this.clock = clock;
    }

    /** The project's members, newest first, for its members and admins; 404 for anyone else. */
    public PageResponse<ProjectMemberResponse> list(AuthenticatedUser caller, UUID projectId, int page, int size) {
        PageRequest pageable = PageRequests.newestFirst(page, size);
        visible(caller, projectId);
        return PageResponse.from(new PageImpl<>(queries.members(projectId, pageable), pageable,
                queries.countMembers(projectId)), member -> member);
    }

    /**
     * Adds the user with this role and cap, or replaces the role and cap of a member (the window and
     * what was spent in it stay). A user added again after a removal starts a new window. Two PUTs
     * of the same new member at once: one adds it, the other changes it.
     */
    @Transactional
    public MemberChange put(AuthenticatedUser caller, UUID projectId, String username, PutMemberRequest request) {
        managed(caller, projectId);
        UUID userId = userIdOf(username);
        ProjectRole role = request.targetRole();
        if (!caller.isAdmin() && role == ProjectRole.MANAGER) {
            throw new ProjectForbiddenException("Only an admin makes a member a manager.");
        }
        BigDecimal capHours = request.capHours() == null ? null : Hours.exact(request.capHours());
        boolean added = false;
        // At most twice: the member may be removed between a refused insert and the lock of its row.
        for (int attempt = 0; attempt < 2 && !added; attempt++) {
            added = insert(projectId, userId, role, capHours);
            if (!added) {
                Optional<ProjectQueries.MemberState> current = queries.lockMember(projectId, userId);
                if (current.isPresent()) {
                    if (!caller.isAdmin() && current.get().role() == ProjectRole.MANAGER) {
                        throw new ProjectForbiddenException("Only an admin changes a manager.");
                    }
                    queries.updateMember(projectId, userId, role, capHours);
                    break;
                }
            }
        }
        ProjectMemberResponse member = queries.member(projectId, userId).orElseThrow(MemberNotFoundException::new);
        return new MemberChange(member, added);
    }

    /** Removes the member; its jobs go on, charged to the project. */
    @Transactional
    public void remove(AuthenticatedUser caller, UUID projectId, String username) {
        managed(caller, projectId);
        UUID userId = userIdOf(username);
        ProjectQueries.MemberState current = queries.lockMember(projectId, userId)
            .orElseThrow(MemberNotFoundException::new);
        if (!caller.isAdmin() && current.role() == ProjectRole.MANAGER) {
            throw new ProjectForbiddenException("Only an admin removes a manager.");
        }
        queries.deleteMember(projectId, userId);
    }

    private boolean insert(UUID projectId, UUID userId, ProjectRole role, BigDecimal capHours) {
        try {
            return queries.insertMember(projectId, userId, role, capHours, Timestamps.now(clock));
        }
        catch (DuplicateKeyException concurrentInsert) {
            // H2 refuses (rather than skips) a row that another open transaction has just inserted; the
            // statement alone fails there, so the member can be changed instead. PostgreSQL skips it.
            return false;
        }
    }

    private ProjectRow visible(AuthenticatedUser caller, UUID projectId) {
        return queries.find(projectId, caller.id())
            .filter(project -> caller.isAdmin() || project.myRole() != null)
            .orElseThrow(ProjectNotFoundException::new);
    }

    private void managed(AuthenticatedUser caller, UUID projectId) {
        ProjectRow project = visible(caller, projectId);
        if (!caller.isAdmin() && project.myRole() != ProjectRole.MANAGER) {
            throw new ProjectForbiddenException("Only the project's managers and admins manage its members.");
        }
    }

    /** A name that cannot be a username is no user's: 404 without asking the database. */
    private UUID userIdOf(String username) {
        if (username == null || !username.matches(Usernames.PATTERN)) {
            throw new UserNotFoundException();
        }
        return users.findByUsername(username).map(User::getId).orElseThrow(UserNotFoundException::new);
    }

    static class UserNotFoundException extends NotFoundException {

        UserNotFoundException() {
            super("No such user.");
        }
    }

    static class MemberNotFoundException extends NotFoundException {

        MemberNotFoundException() {
            super("No such member of this project.");
        }
    }
}
