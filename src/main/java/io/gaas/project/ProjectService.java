package io.gaas.project;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.gaas.config.Timestamps;
import io.gaas.quota.AccountSummary;
import io.gaas.quota.AccountType;
import io.gaas.quota.AdjustQuotaRequest;
import io.gaas.quota.LedgerEntryResponse;
import io.gaas.quota.QuotaService;
import io.gaas.user.AuthenticatedUser;
import io.gaas.web.PageRequests;
import io.gaas.web.PageResponse;
import io.gaas.web.ResourceNames;
import io.gaas.web.ValidationException;

/**
 * Projects: their administration, and what their members and admins may read of them. A project
 * that the caller may not see is answered exactly as one that does not exist.
 */
@Service
@Transactional(readOnly = true)
public class ProjectService {

    private final ProjectRepository projects;
    private final ProjectQueries queries;
    private final QuotaService quota;
    private final Clock clock;

    ProjectService(ProjectRepository projects, ProjectQueries queries, QuotaService quota, Clock clock) {
        this.projects = projects;
        this.queries = queries;
        this.quota = quota;
        this.clock = clock;
    }

    /**
     * A new, enabled project with its account; the initial hours (default 0) are granted in the
     * ledger by the admin. A name that exists in any case is PROJECT_NAME_TAKEN.
     */
    @Transactional
    public ProjectResponse create(AuthenticatedUser admin, CreateProjectRequest request) {
        String name = ResourceNames.normalize(request.name())
            .orElseThrow(() -> new ValidationException("name", ResourceNames.RULE));
        if (projects.existsByName(name)) {
            throw new ProjectNameTakenException(name);
        }
        UUID id = UUID.randomUUID();
        quota.openAccount(id, AccountType.PROJECT, admin.username(),
                request.initialHours() == null ? BigDecimal.ZERO : request.initialHours());
        try {
            projects.saveAndFlush(new Project(id, name, request.description(), Timestamps.now(clock)));
        }
        catch (DataIntegrityViolationException concurrentCreate) {
            // Another request took the name between the check and the insert: the UNIQUE key decided.
            throw new ProjectNameTakenException(name);
        }
        return view(admin, id);
    }

    /** Changes the fields that were sent; a field sent as null is cleared. Nothing changes if one is refused. */
    @Transactional
    public ProjectResponse update(AuthenticatedUser admin, UUID id, UpdateProjectRequest request) {
        // Locked, so that two admins' changes apply one after the other instead of one failing.
        Project project = projects.findForUpdateById(id).orElseThrow(ProjectNotFoundException::new);
        if (request.name() != null
                && !project.getName().equals(ResourceNames.normalize(request.name().value()).orElse(null))) {
            throw new ValidationException("name", "cannot change");
        }
        String description = request.description() == null ? project.getDescription()
                : ProjectRules.description(request.description().value());
        boolean enabled = request.enabled() == null ? project.isEnabled()
                : ProjectRules.enabled(request.enabled().value());
        BigDecimal lowBalanceHours = request.lowBalanceHours() == null ? null
                : ProjectRules.lowBalanceHours(request.lowBalanceHours().value());
        project.describe(description);
        project.enable(enabled);
        projects.saveAndFlush(project);
        if (request.lowBalanceHours() != null) {
            quota.setLowBalanceHours(id, lowBalanceHours);
        }
        return view(admin, id);
    }

    /** An admin's grant or withdrawal of the project's hours (ADMIN_ADJUSTMENT); never below 0. */
    @Transactional
    public ProjectResponse adjustQuota(AuthenticatedUser admin, UUID id, AdjustQuotaRequest request) {
        // A user's id names an account too: only a project's may be adjusted here.
        requireProject(id);
        quota.adjust(id, request.deltaHours(), request.note(), admin.username());
        return view(admin, id);
    }

    /** The caller's projects, newest first; an admin's page holds every project. */
    public PageResponse<ProjectResponse> list(AuthenticatedUser caller, int page, int size) {
        PageRequest pageable = PageRequests.newestFirst(page, size);
        List<ProjectRow> rows = caller.isAdmin() ? queries.all(caller.id(), pageable)
                : queries.ofMember(caller.id(), pageable);
        long total = caller.isAdmin() ? queries.countAll() : queries.countOfMember(caller.id());
        Map<UUID, AccountSummary> accounts = quota.summariesOf(rows.stream().map(ProjectRow::id).toList());
        return PageResponse.from(new PageImpl<>(rows, pageable, total),
                row -> ProjectResponse.from(row, accounts.get(row.id())));
    }

    /** The project, for its members and admins; 404 for anyone else. */
    public ProjectResponse view(AuthenticatedUser caller, UUID id) {
        return ProjectResponse.from(visible(caller, id), quota.summaryOf(id));
    }

    /** The project's ledger, newest first, for its members and admins; 404 for anyone else. */
    public PageResponse<LedgerEntryResponse> ledger(AuthenticatedUser caller, UUID id, int page, int size) {
        visible(caller, id);
        return quota.ledgerOf(id, page, size);
    }

    /**
     * The project with that id, whoever asks (for events that name it); empty if none. One SELECT
     * by primary key: it joins the caller's transaction but needs none of its own.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Optional<ProjectRef> find(UUID id) {
        return projects.findById(id).map(project -> new ProjectRef(project.getId(), project.getName()));
    }

    private ProjectRow visible(AuthenticatedUser caller, UUID id) {
        return queries.find(id, caller.id())
            .filter(project -> caller.isAdmin() || project.myRole() != null)
            .orElseThrow(ProjectNotFoundException::new);
    }

    private void requireProject(UUID id) {
        if (projects.findById(id).isEmpty()) {
            throw new ProjectNotFoundException();
        }
    }
}
