package io.gaas.pool;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

import jakarta.persistence.LockModeType;

interface PoolRepository extends JpaRepository<Pool, UUID> {

    Optional<Pool> findByName(String name);

    boolean existsByName(String name);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select p from Pool p where p.name = :name")
    Optional<Pool> findForUpdateByName(String name);
}
