package io.gaas.project;

import java.util.Optional;

import org.springframework.data.repository.Repository;

interface ProjectMemberRepository extends Repository<ProjectMember, ProjectMember.Key> {

    ProjectMember save(ProjectMember member);

    Optional<ProjectMember> findById(ProjectMember.Key key);
}
