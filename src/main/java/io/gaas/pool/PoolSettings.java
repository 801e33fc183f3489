package io.gaas.pool;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * What other features need to know of a pool to submit, approve or start a job in it.
 *
 * @param gpus {@code null}: no capacity limit
 * @param autoApproveHours {@code null}: every job waits for an approver
 */
public record PoolSettings(UUID id, String name, Integer gpus, BigDecimal weight,
        BigDecimal autoApproveHours, boolean enabled) {

    /** Whether a job of {@code gpuCount} GPUs can ever run here. */
    public boolean fits(int gpuCount) {
        return gpus == null || gpuCount <= gpus;
    }

    /** Whether a job with this charge is approved at submission. */
    public boolean autoApproves(BigDecimal charge) {
        return autoApproveHours != null && charge.compareTo(autoApproveHours) <= 0;
    }
}
