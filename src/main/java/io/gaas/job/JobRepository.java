package io.gaas.job;

import java.util.UUID;

import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

interface JobRepository extends JpaRepository<GpuJob, UUID>, JpaSpecificationExecutor<GpuJob> {

    static Specification<GpuJob> ownedBy(UUID ownerId) {
        return (job, query, cb) -> cb.equal(job.get("ownerId"), ownerId);
    }

    static Specification<GpuJob> ownerNamed(String username) {
        return (job, query, cb) -> cb.equal(job.get("ownerUsername"), username);
    }

    static Specification<GpuJob> inPool(UUID poolId) {
        return (job, query, cb) -> cb.equal(job.get("poolId"), poolId);
    }

    static Specification<GpuJob> inStatus(JobStatus status) {
        return (job, query, cb) -> cb.equal(job.get("status"), status);
    }
}
