package io.gaas.job;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface JobRepository extends JpaRepository<GpuJob, UUID>, JpaSpecificationExecutor<GpuJob> {

    List<GpuJob> findByWorkerIdAndStatusOrderByStartedAtAscIdAsc(UUID workerId, JobStatus status);

    /**
     * Asks the worker running the job to stop it, once: a conditional UPDATE, so it cannot reach a job
     * that has just ended, and it detaches what the session holds so the next read is fresh.
     *
     * @return 1 if asked now; 0 if the job is not running on a worker, or was asked already
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = """
            UPDATE gpu_jobs SET stop_requested = TRUE, stop_requested_by = :by, updated_at = :at, version = version + 1
            WHERE id = :id AND status = 'PROCESSING' AND worker_id IS NOT NULL AND stop_requested = FALSE""",
            nativeQuery = true)
    int requestStop(UUID id, String by, Instant at);

    static Specification<GpuJob> ownedBy(UUID ownerId) {
        return (job, query, cb) -> cb.equal(job.get("ownerId"), ownerId);
    }

    static Specification<GpuJob> ownerNamed(String username) {
        return (job, query, cb) -> cb.equal(job.get("ownerUsername"), username);
    }

    static Specification<GpuJob> inPool(UUID poolId) {
        return (job, query, cb) -> cb.equal(job.get("poolId"), poolId);
    }

    static Specification<GpuJob> chargedTo(UUID projectId) {
        return (job, query, cb) -> cb.equal(job.get("projectId"), projectId);
    }

    static Specification<GpuJob> inStatus(JobStatus status) {
        return (job, query, cb) -> cb.equal(job.get("status"), status);
    }
}
