package io.gaas.project;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

import jakarta.persistence.LockModeType;

interface ProjectRepository extends Repository<Project, UUID> {

    Project save(Project project);

    Project saveAndFlush(Project project);

    Optional<Project> findById(UUID id);

    Optional<Project> findByName(String name);

    boolean existsByName(String name);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select p from Project p where p.id = :id")
    Optional<Project> findForUpdateById(UUID id);
}
