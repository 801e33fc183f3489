package io.gaas.pool;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes and gives back a pool's GPUs. Each is one conditional UPDATE of the pool row: the database
 * serialises concurrent starts on that row and re-checks the condition against the latest count, so
 * across replicas and under any load the GPUs in use never exceed the pool's {@code gpus}.
 *
 * <p>Both run in the caller's transaction, next to the job's own status change: if that change
 * fails (a concurrent change of the same job, a later error), the GPUs go back with the rollback.
 * The pool row stays locked until the caller commits, so keep that transaction short.
 */
@Component
public class PoolCapacity {

    private final JdbcClient jdbc;

    PoolCapacity(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes {@code gpus} GPUs of the pool for a job that starts now.
     *
     * @return true if taken; false if the pool has fewer free GPUs (nothing changes then)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean tryTake(UUID poolId, int gpus) {
        return jdbc.sql("""
                UPDATE pools SET gpus_in_use = gpus_in_use + :gpus
                WHERE id = :poolId AND (gpus IS NULL OR gpus_in_use + :gpus <= gpus)""")
            .param("gpus", gpus)
            .param("poolId", poolId)
            .update() == 1;
    }

    /**
     * Takes the GPUs, or throws {@link PoolAtCapacityException} (an admin's start of a job).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void take(UUID poolId, int gpus) {
        if (!tryTake(poolId, gpus)) {
            throw new PoolAtCapacityException();
        }
    }

    /** Gives back the GPUs of a job that has ended (any final status reached from PROCESSING). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void release(UUID poolId, int gpus) {
        int updated = jdbc.sql("UPDATE pools SET gpus_in_use = gpus_in_use - :gpus WHERE id = :poolId")
            .param("gpus", gpus)
            .param("poolId", poolId)
            .update();
        if (updated != 1) {
            throw new IllegalStateException("No pool " + poolId + " to give GPUs back to");
        }
    }
}
