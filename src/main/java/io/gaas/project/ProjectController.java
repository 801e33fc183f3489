package io.gaas.project;

import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.gaas.quota.LedgerEntryResponse;
import io.gaas.user.AuthenticatedUser;
import io.gaas.user.CurrentUser;
import io.gaas.web.PageRequests;
import io.gaas.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/projects")
@Tag(name = "Projects")
class ProjectController {

    private final ProjectService projectService;

    ProjectController(ProjectService projectService) {
        this.projectService = projectService;
    }

    @GetMapping
    @Operation(summary = "List projects, newest first",
            description = "A USER sees the projects they are a member of; an ADMIN sees every project.")
    PageResponse<ProjectResponse> list(@CurrentUser AuthenticatedUser caller,
            @Parameter(description = PageRequests.PAGE_DESCRIPTION) @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + PageRequests.DEFAULT_SIZE) int size) {
        return projectService.list(caller, page, size);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A project", description = "Its members and admins; anyone else: 404.")
    ProjectResponse get(@CurrentUser AuthenticatedUser caller, @PathVariable UUID id) {
        return projectService.view(caller, id);
    }

    @GetMapping("/{id}/ledger")
    @Operation(summary = "A project's ledger, newest first",
            description = "Every change of the project's hours, immutable; balanceAfter is the running sum. Its "
                    + "members and admins; anyone else: 404.")
    PageResponse<LedgerEntryResponse> ledger(@CurrentUser AuthenticatedUser caller, @PathVariable UUID id,
            @Parameter(description = PageRequests.PAGE_DESCRIPTION) @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + PageRequests.DEFAULT_SIZE) int size) {
        return projectService.ledger(caller, id, page, size);
    }
}
