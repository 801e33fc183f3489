package io.gaas.pool;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads about pools that come from the jobs table (which the job feature writes): how many jobs
 * wait in each pool. One grouped query for a whole page of pools, served by the jobs' index on
 * (pool_id, status, ...).
 */
@Repository
class PoolQueries {

    /** A pool's figures for the metrics. {@code gpus} is null for no limit. */
    record Figures(String name, Integer gpus, int gpusInUse, long jobsWaiting) {
    }

    private final JdbcClient jdbc;

    PoolQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<UUID, Long> jobsWaiting(Collection<UUID> poolIds) {
        Map<UUID, Long> waiting = new HashMap<>();
        if (poolIds.isEmpty()) {
            return waiting;
        }
        jdbc.sql("""
                SELECT pool_id, COUNT(*) FROM gpu_jobs WHERE status = 'APPROVED' AND pool_id IN (:poolIds)
                GROUP BY pool_id""")
            .param("poolIds", poolIds)
            .query((row, n) -> waiting.put(row.getObject(1, UUID.class), row.getLong(2)))
            .list();
        return waiting;
    }

    /** Every pool's figures, in one query. */
    List<Figures> figures() {
        return jdbc.sql("""
                SELECT p.name, p.gpus, p.gpus_in_use,
                       (SELECT COUNT(*) FROM gpu_jobs j WHERE j.pool_id = p.id AND j.status = 'APPROVED')
                FROM pools p ORDER BY p.name""")
            .query((row, n) -> new Figures(row.getString(1), row.getObject(2, Integer.class), row.getInt(3),
                    row.getLong(4)))
            .list();
    }
}
