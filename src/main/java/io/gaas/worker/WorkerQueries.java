package io.gaas.worker;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Read-only facts the worker views need from pools and jobs, in plain SQL. */
@Repository
class WorkerQueries {

    private final JdbcClient jdbc;

    WorkerQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<UUID, String> poolNames(Collection<UUID> poolIds) {
        Map<UUID, String> names = new HashMap<>();
        if (!poolIds.isEmpty()) {
            jdbc.sql("SELECT id, name FROM pools WHERE id IN (:ids)")
                .param("ids", poolIds)
                .query((row, number) -> names.put(row.getObject("id", UUID.class), row.getString("name")))
                .list();
        }
        return names;
    }

    /** The number of PROCESSING jobs on each of the workers (absent: none). */
    Map<UUID, Long> runningJobs(Collection<UUID> workerIds) {
        Map<UUID, Long> counts = new HashMap<>();
        if (!workerIds.isEmpty()) {
            jdbc.sql("""
                    SELECT worker_id, COUNT(*) AS running FROM gpu_jobs
                    WHERE worker_id IN (:ids) AND status = 'PROCESSING' GROUP BY worker_id""")
                .param("ids", workerIds)
                .query((row, number) -> counts.put(row.getObject("worker_id", UUID.class), row.getLong("running")))
                .list();
        }
        return counts;
    }
}
