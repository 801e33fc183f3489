package io.gaas.request;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.gaas.project.ProjectRef;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;

/**
 * The request view. {@code decidedBy} and {@code decidedAt} say who closed the request and when:
 * the admin who decided it, or the requester who withdrew it.
 */
public record QuotaRequestResponse(UUID id,
        @Schema(example = "alice", description = "The requester's username") String requester,
        @Schema(nullable = true, description = "The project whose hours are asked for; null: the requester's own")
        ProjectRef project,
        @Schema(example = "50.0") BigDecimal hours,
        @Schema(example = "Final training runs for the CVPR submission") String justification,
        QuotaRequestStatus status,
        @Nullable @Schema(example = "40.0", description = "What an approval granted; null unless APPROVED")
        BigDecimal grantedHours,
        @Nullable @Schema(example = "root", description = "The admin who decided, or the requester who withdrew; "
                + "null while OPEN") String decidedBy,
        @Nullable @Schema(description = "When it was decided or withdrawn; null while OPEN") Instant decidedAt,
        @Nullable @Schema(example = "Granted for the deadline", description = "The admin's note") String note,
        Instant createdAt) {

    static QuotaRequestResponse from(QuotaRequest request) {
        ProjectRef project = request.getProjectId() == null ? null
                : new ProjectRef(request.getProjectId(), request.getProjectName());
        return new QuotaRequestResponse(request.getId(), request.getRequesterName(), project, request.getHours(),
                request.getJustification(), request.getStatus(), request.getGrantedHours(), request.getDecidedBy(),
                request.getDecidedAt(), request.getNote(), request.getCreatedAt());
    }
}
