package io.gaas.worker;

import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface WorkerRepository extends JpaRepository<Worker, UUID> {

    boolean existsByName(String name);

    Page<Worker> findAll(Pageable pageable);
}
