package io.gaas.worker;

import io.gaas.job.JobResponse;

/**
 * Published inside the transaction that ends a job because its worker stopped heartbeating (one per
 * lost job), so that listeners (the webhook outbox) record it with that ending or not at all.
 * {@code worker} is the worker's view after the ending; {@code job} the job's, without history.
 */
public record WorkerLost(WorkerResponse worker, JobResponse job) {
}
