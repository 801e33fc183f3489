package io.gaas.runner;

import java.time.Instant;
import java.util.List;

/**
 * What the worker needs of a job view.
 *
 * @param command          the argument vector, or null when the job has none (a worker never
 *                         gets such a job, but a confused server must not crash it)
 * @param startedAt        when the service recorded the claim, or null
 */
record ServerJob(String id, String name, List<String> command, int gpuCount, long timeLimitSeconds,
        Instant startedAt) {
}
