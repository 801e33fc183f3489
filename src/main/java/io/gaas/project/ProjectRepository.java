package io.gaas.project;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.repository.Repository;

interface ProjectRepository extends Repository<Project, UUID> {

    Project save(Project project);

    Optional<Project> findById(UUID id);

    Optional<Project> findByName(String name);
}
