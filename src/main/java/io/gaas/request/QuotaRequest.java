package io.gaas.request;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A request for more hours. It is created through JPA; it changes only by the repository's
 * conditional UPDATEs (a decision or a withdrawal), never by writing a loaded copy back, so a stale
 * copy can never undo a decision made meanwhile.
 */
@Entity
@Table(name = "quota_requests")
class QuotaRequest {

    @Id
    private UUID id;

    @Column(name = "requester_id", nullable = false, updatable = false)
    private UUID requesterId;

    @Column(name = "requester_name", nullable = false, updatable = false, length = 32)
    private String requesterName;

    @Column(name = "project_id", updatable = false)
    private UUID projectId;

    @Column(name = "project_name", updatable = false, length = 32)
    private String projectName;

    @Column(nullable = false, updatable = false, precision = 14, scale = 2)
    private BigDecimal hours;

    @Column(nullable = false, updatable = false, length = 4000)
    private String justification;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false, length = 9)
    private QuotaRequestStatus status;

    @Column(name = "granted_hours", updatable = false, precision = 14, scale = 2)
    private BigDecimal grantedHours;

    @Column(name = "decided_by", updatable = false, length = 32)
    private String decidedBy;

    @Column(name = "decided_at", updatable = false)
    private Instant decidedAt;

    @Column(updatable = false, length = 1000)
    private String note;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected QuotaRequest() {
    }

    QuotaRequest(UUID requesterId, String requesterName, UUID projectId, String projectName, BigDecimal hours,
            String justification, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.requesterId = requesterId;
        this.requesterName = requesterName;
        this.projectId = projectId;
        this.projectName = projectName;
        this.hours = hours;
        this.justification = justification;
        this.status = QuotaRequestStatus.OPEN;
        this.createdAt = createdAt;
    }

    /** The account an approval tops up: the project's, or else the requester's own. */
    UUID topUpAccountId() {
        return projectId != null ? projectId : requesterId;
    }

    boolean isOpen() {
        return status == QuotaRequestStatus.OPEN;
    }

    UUID getId() {
        return id;
    }

    UUID getRequesterId() {
        return requesterId;
    }

    String getRequesterName() {
        return requesterName;
    }

    UUID getProjectId() {
        return projectId;
    }

    String getProjectName() {
        return projectName;
    }

    BigDecimal getHours() {
        return hours;
    }

    String getJustification() {
        return justification;
    }

    QuotaRequestStatus getStatus() {
        return status;
    }

    BigDecimal getGrantedHours() {
        return grantedHours;
    }

    String getDecidedBy() {
        return decidedBy;
    }

    Instant getDecidedAt() {
        return decidedAt;
    }

    String getNote() {
        return note;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof QuotaRequest request && Objects.equals(id, request.id);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }
}
