package io.gaas.worker;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface WorkerRepository extends JpaRepository<Worker, UUID> {

    boolean existsByName(String name);

    Page<Worker> findAll(Pageable pageable);

    /** Seen now: one UPDATE by primary key, no version bump (an admin's PATCH is not disturbed by it). */
    @Modifying
    @Query(value = "UPDATE workers SET last_seen_at = :at WHERE id = :id", nativeQuery = true)
    int markSeen(UUID id, Instant at);

    @Query(value = """
            SELECT COUNT(*) FROM workers
            WHERE pool_id = :poolId AND enabled = TRUE AND gpus >= :gpuCount""", nativeQuery = true)
    long countEnabledFitting(UUID poolId, int gpuCount);

    Optional<Worker> findByName(String name);
}
