package io.gaas.pool;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** The pool view. */
public record PoolResponse(UUID id,
        @Schema(example = "a100") String name,
        @Schema(example = "8 × A100 80 GB, rack 3", nullable = true) String description,
        @Schema(example = "8", nullable = true, description = "Capacity in GPUs; null: no limit") Integer gpus,
        @Schema(example = "2.0", description = "Quota hours per GPU-hour") BigDecimal weight,
        @Schema(example = "4", nullable = true,
                description = "Jobs charged at most this are approved at submission; null: none") BigDecimal autoApproveHours,
        boolean enabled,
        @Schema(example = "3", description = "The sum of gpuCount over the pool's PROCESSING jobs") int gpusInUse,
        @Schema(example = "2", description = "The pool's APPROVED jobs") long jobsWaiting,
        Instant createdAt) {

    static PoolResponse from(Pool pool, long jobsWaiting) {
        return new PoolResponse(pool.getId(), pool.getName(), pool.getDescription(), pool.getGpus(), pool.getWeight(),
                pool.getAutoApproveHours(), pool.isEnabled(), pool.getGpusInUse(), jobsWaiting, pool.getCreatedAt());
    }
}
