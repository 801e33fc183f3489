package io.gaas.worker;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

import jakarta.persistence.LockModeType;

interface WorkerRepository extends JpaRepository<Worker, UUID> {

    boolean existsByName(String name);

    /**
     * The worker with its row locked until the claim's transaction ends, so that two claims of one
     * worker are one after the other and count each other's GPUs.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select w from Worker w where w.id = :id")
    Optional<Worker> lockForClaim(UUID id);

    Page<Worker> findAll(Pageable pageable);

    /** Seen now: one UPDATE by primary key, no version bump (an admin's PATCH is not disturbed by it). */
    @Modifying
    @Query(value = "UPDATE workers SET last_seen_at = :at WHERE id = :id", nativeQuery = true)
    int markSeen(UUID id, Instant at);
}
