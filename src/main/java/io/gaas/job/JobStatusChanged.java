package io.gaas.job;

/**
 * Published inside the transaction of every status change after submission, so that listeners
 * (the webhook outbox) write in that same transaction and nothing is recorded for a change that
 * rolls back.
 */
public record JobStatusChanged(JobResponse job, JobStatus from, JobStatus to, String by) {
}
