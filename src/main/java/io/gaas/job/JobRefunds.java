package io.gaas.job;

import java.math.BigDecimal;

import io.gaas.project.ProjectMemberships;
import io.gaas.quota.QuotaService;

/**
 * Gives a job's unspent hours back to the account that was charged, and, for a job charged to a
 * project, takes them off its owner's spending in the project (if the job was charged in the
 * member's current window). In the caller's transaction, in the lock order: the account's row first,
 * then the member's.
 *
 * <p>Quota may credit less than {@code hours} (a job charged before its account's last refill); such
 * a job was charged before the member's window too, which starts at that refill, so its spending is
 * left alone either way.
 */
final class JobRefunds {

    private final QuotaService quota;
    private final ProjectMemberships memberships;

    JobRefunds(QuotaService quota, ProjectMemberships memberships) {
        this.quota = quota;
        this.memberships = memberships;
    }

    void refund(GpuJob job, BigDecimal hours, String actor) {
        quota.refund(job.getChargedAccountId(), hours, job.getId(), job.getCreatedAt(), actor);
        if (job.getProjectId() != null) {
            memberships.refund(job.getProjectId(), job.getOwnerId(), job.getCreatedAt(), hours);
        }
    }
}
