package io.gaas.job;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The lifecycle of a job: which status an admin may move a job to, and which are final. */
public enum JobStatus {

    PENDING, APPROVED, PROCESSING, COMPLETED, REJECTED, CANCELLED, FAILED;

    private static final Map<JobStatus, Set<JobStatus>> ADMIN_TRANSITIONS = Map.of(
            PENDING, EnumSet.of(APPROVED, REJECTED),
            APPROVED, EnumSet.of(PROCESSING),
            PROCESSING, EnumSet.of(COMPLETED, FAILED));

    private static final Set<JobStatus> CANCELLABLE = EnumSet.of(PENDING, APPROVED);

    public boolean isFinal() {
        return this == COMPLETED || this == REJECTED || this == CANCELLED || this == FAILED;
    }

    /** Whether an admin's status change from this status to {@code target} is in the lifecycle. */
    public boolean adminMayMoveTo(JobStatus target) {
        return ADMIN_TRANSITIONS.getOrDefault(this, Set.of()).contains(target);
    }

    public boolean isCancellable() {
        return CANCELLABLE.contains(this);
    }

    /** Whether a job that ends in this status is charged for the hours it used. */
    public boolean chargesUsedHours() {
        return this == COMPLETED || this == FAILED;
    }
}
