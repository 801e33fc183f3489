package io.gaas.request;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gaas.config.Timestamps;
import io.gaas.project.ProjectMembership;
import io.gaas.project.ProjectMemberships;
import io.gaas.quota.Hours;
import io.gaas.quota.QuotaService;
import io.gaas.user.AuthenticatedUser;
import io.gaas.user.UserService;
import io.gaas.web.PageResponse;
import io.gaas.web.ValidationException;

/**
 * Top-up requests. Who may see one: its requester, the managers of its project, and admins; to
 * anyone else it does not exist (404). Every rule that must hold across replicas is decided in the
 * database: the limit of OPEN requests under the requester's row lock, and a request's one closing
 * by a conditional UPDATE.
 */
@Service
@Transactional(readOnly = true)
public class QuotaRequestService {

    private final QuotaRequestRepository requests;
    private final ProjectMemberships memberships;
    private final UserService users;
    private final QuotaService quota;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    QuotaRequestService(QuotaRequestRepository requests, ProjectMemberships memberships, UserService users,
            QuotaService quota, ApplicationEventPublisher events, Clock clock) {
        this.requests = requests;
        this.memberships = memberships;
        this.users = users;
        this.quota = quota;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Opens a request. The requester's user row is locked before the OPEN ones are counted, so two
     * requests at once (on any replica) cannot both pass the limit.
     */
    @Transactional
    public QuotaRequestResponse open(AuthenticatedUser caller, CreateTopUpRequest body) {
        ProjectMembership membership = body.project() == null ? null : membershipOf(caller, body.project());
        users.lockAccess(caller.id());
        if (requests.countByRequesterIdAndStatus(caller.id(), QuotaRequestStatus.OPEN)
                >= QuotaRequestRules.MAX_OPEN_PER_REQUESTER) {
            throw new TooManyOpenRequestsException(QuotaRequestRules.MAX_OPEN_PER_REQUESTER);
        }
        QuotaRequest request = new QuotaRequest(caller.id(), caller.username(),
                membership == null ? null : membership.projectId(), membership == null ? null : membership.projectName(),
                Hours.exact(body.hours()), body.justification(), Timestamps.now(clock));
        requests.saveAndFlush(request);
        QuotaRequestResponse view = QuotaRequestResponse.from(request);
        events.publishEvent(new QuotaRequestOpened(view));
        return view;
    }

    /** The caller's own requests, those of the projects they manage, or (an admin) everyone's; newest first. */
    public PageResponse<QuotaRequestResponse> list(AuthenticatedUser caller, String status, Pageable pageable) {
        Specification<QuotaRequest> filter = Specification.unrestricted();
        if (status != null) {
            filter = filter.and(QuotaRequestRepository.inStatus(QuotaRequestRules.status(status)));
        }
        if (!caller.isAdmin()) {
            filter = filter.and(QuotaRequestRepository.visibleTo(caller.id(), memberships.managedBy(caller.id())));
        }
        return PageResponse.from(requests.findAll(filter, pageable), QuotaRequestResponse::from);
    }

    public QuotaRequestResponse get(AuthenticatedUser caller, UUID id) {
        return QuotaRequestResponse.from(visibleRequest(caller, id));
    }

    /**
     * The requester takes back an OPEN request. Someone else who may see it (a manager of its
     * project, an admin) gets 403; anyone else 404, as for a request that does not exist.
     */
    @Transactional
    public QuotaRequestResponse withdraw(AuthenticatedUser caller, UUID id) {
        QuotaRequest request = visibleRequest(caller, id);
        if (!request.getRequesterId().equals(caller.id())) {
            throw new NotTheRequesterException();
        }
        close(request, QuotaRequestStatus.WITHDRAWN, null, caller.username(), null);
        return QuotaRequestResponse.from(requests.findById(id).orElseThrow());
    }

    /**
     * An admin approves (topping up the account in this transaction, by a {@code TOP_UP} entry) or
     * denies an OPEN request. Lock order: the request's row, then the account's.
     */
    @Transactional
    public QuotaRequestResponse decide(AuthenticatedUser admin, UUID id, DecideTopUpRequest decision) {
        QuotaRequest request = requests.findById(id).orElseThrow(QuotaRequestNotFoundException::new);
        if (!request.isOpen()) {
            throw new AlreadyDecidedException(request.getStatus());
        }
        boolean approve = decision.approve();
        BigDecimal granted = approve ? QuotaRequestRules.grantedHours(decision.grantedHours(), request.getHours()) : null;
        close(request, approve ? QuotaRequestStatus.APPROVED : QuotaRequestStatus.DENIED, granted, admin.username(),
                decision.note());
        if (approve) {
            quota.topUp(request.topUpAccountId(), granted, decision.note(), admin.username());
        }
        QuotaRequestResponse view = QuotaRequestResponse.from(requests.findById(id).orElseThrow());
        events.publishEvent(new QuotaRequestDecided(view));
        return view;
    }

    /** How many requests are OPEN now, everyone's (for the metrics). */
    long countOpen() {
        return requests.countByStatus(QuotaRequestStatus.OPEN);
    }

    private void close(QuotaRequest request, QuotaRequestStatus to, BigDecimal grantedHours, String by, String note) {
        if (requests.close(request.getId(), to.name(), grantedHours, by, Timestamps.now(clock), note) == 0) {
            // Closed by someone else since it was read: say how it stands now.
            throw new AlreadyDecidedException(
                    requests.findById(request.getId()).map(QuotaRequest::getStatus).orElse(request.getStatus()));
        }
    }

    private QuotaRequest visibleRequest(AuthenticatedUser caller, UUID id) {
        QuotaRequest request = requests.findById(id).orElseThrow(QuotaRequestNotFoundException::new);
        if (caller.isAdmin() || request.getRequesterId().equals(caller.id()) || managesProjectOf(caller, request)) {
            return request;
        }
        throw new QuotaRequestNotFoundException();
    }

    private boolean managesProjectOf(AuthenticatedUser caller, QuotaRequest request) {
        return request.getProjectId() != null
                && memberships.of(request.getProjectId(), caller.id()).map(ProjectMembership::isManager).orElse(false);
    }

    /** The caller's membership of the named project; no such project and not a member get the same answer. */
    private ProjectMembership membershipOf(AuthenticatedUser caller, String project) {
        return QuotaRequestRules.projectName(project)
            .flatMap(name -> memberships.of(name, caller.id()))
            .orElseThrow(() -> new ValidationException("project", QuotaRequestRules.NO_SUCH_PROJECT));
    }
}
