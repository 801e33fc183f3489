package io.gaas.pool;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface PoolRepository extends JpaRepository<Pool, UUID> {

    Optional<Pool> findByName(String name);

    boolean existsByName(String name);
}
