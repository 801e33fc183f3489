package io.gaas.project;

import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gaas.quota.AllocationRequest;
import io.gaas.quota.QuotaService;
import io.gaas.user.AuthenticatedUser;

/**
 * A project's allocation, as quota keeps it for any account (a project's account id is its id). A
 * project's refill also starts its members' spending windows again ({@link MemberWindows}).
 */
@Service
class ProjectAllocations {

    private final ProjectRepository projects;
    private final ProjectService projectService;
    private final QuotaService quota;

    ProjectAllocations(ProjectRepository projects, ProjectService projectService, QuotaService quota) {
        this.projects = projects;
        this.projectService = projectService;
        this.quota = quota;
    }

    @Transactional
    ProjectResponse set(AuthenticatedUser admin, UUID id, AllocationRequest request) {
        requireProject(id);
        quota.setAllocation(id, request.hours(), request.targetPeriod(), request.targetCarryOverHours());
        return projectService.view(admin, id);
    }

    @Transactional
    void remove(UUID id) {
        requireProject(id);
        quota.removeAllocation(id);
    }

    /** A new period now, by the admin; the next scheduled start stays. */
    @Transactional
    ProjectResponse refill(AuthenticatedUser admin, UUID id) {
        requireProject(id);
        quota.refillNow(id, admin.username());
        return projectService.view(admin, id);
    }

    /** A user's id names an account too: only a project's may be changed here. */
    private void requireProject(UUID id) {
        if (projects.findById(id).isEmpty()) {
            throw new ProjectNotFoundException();
        }
    }
}
