package io.gaas.job;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gaas.job.JobResponse.WaitReason;

/**
 * Why an APPROVED job with a command is not running yet: the first that applies of its pool being
 * disabled, no enabled worker of the pool having enough GPUs, or too few of the pool's GPUs free.
 * One read of the pool and its workers; every other job has no wait reason and costs nothing.
 */
@Component
class WaitReasons {

    private static final String NONE = "NONE";

    private final JdbcClient jdbc;

    WaitReasons(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    WaitReason of(GpuJob job) {
        if (job.getStatus() != JobStatus.APPROVED || job.getCommand() == null) {
            return null;
        }
        String reason = jdbc.sql("""
                SELECT CASE
                    WHEN p.enabled = FALSE THEN 'POOL_DISABLED'
                    WHEN NOT EXISTS (SELECT 1 FROM workers w
                                     WHERE w.pool_id = p.id AND w.enabled = TRUE AND w.gpus >= :gpuCount)
                        THEN 'NO_WORKER_FITS'
                    WHEN p.gpus IS NOT NULL AND p.gpus - p.gpus_in_use < :gpuCount THEN 'CAPACITY'
                    ELSE 'NONE' END
                FROM pools p WHERE p.id = :poolId""")
            .param("gpuCount", job.getGpuCount())
            .param("poolId", job.getPoolId())
            .query(String.class)
            .optional()
            .orElse(NONE);
        return NONE.equals(reason) ? null : WaitReason.valueOf(reason);
    }

    /** For a page of jobs: one read per pool and GPU count among its waiting jobs, not one per job. */
    Memo memo() {
        return new Memo();
    }

    final class Memo {

        private record Key(UUID poolId, int gpuCount) {
        }

        private final Map<Key, WaitReason> known = new HashMap<>();

        WaitReason of(GpuJob job) {
            if (job.getStatus() != JobStatus.APPROVED || job.getCommand() == null) {
                return null;
            }
            return known.computeIfAbsent(new Key(job.getPoolId(), job.getGpuCount()), key -> WaitReasons.this.of(job));
        }
    }
}
