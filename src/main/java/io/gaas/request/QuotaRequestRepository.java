package io.gaas.request;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface QuotaRequestRepository extends JpaRepository<QuotaRequest, UUID>, JpaSpecificationExecutor<QuotaRequest> {

    long countByRequesterIdAndStatus(UUID requesterId, QuotaRequestStatus status);

    long countByStatus(QuotaRequestStatus status);

    /**
     * Closes the request if, and only if, it is still OPEN. The database serialises updates of the
     * row and re-checks the condition after waiting for another one, so of two closings at once
     * (decisions or a withdrawal, on any replica) exactly one returns 1.
     *
     * @return 1 if this call closed it, 0 if it was no longer OPEN
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = """
            UPDATE quota_requests SET status = :status, granted_hours = :grantedHours, decided_by = :decidedBy,
                                      decided_at = :decidedAt, note = :note
            WHERE id = :id AND status = 'OPEN'""", nativeQuery = true)
    int close(UUID id, String status, BigDecimal grantedHours, String decidedBy, Instant decidedAt, String note);

    static Specification<QuotaRequest> visibleTo(UUID userId, Collection<UUID> managedProjects) {
        return (request, query, cb) -> managedProjects.isEmpty() ? cb.equal(request.get("requesterId"), userId)
                : cb.or(cb.equal(request.get("requesterId"), userId), request.get("projectId").in(managedProjects));
    }

    static Specification<QuotaRequest> inStatus(QuotaRequestStatus status) {
        return (request, query, cb) -> cb.equal(request.get("status"), status);
    }
}
