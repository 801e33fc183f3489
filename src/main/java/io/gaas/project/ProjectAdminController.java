package io.gaas.project;

import java.net.URI;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.gaas.quota.AdjustQuotaRequest;
import io.gaas.user.AuthenticatedUser;
import io.gaas.user.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/admin/projects")
@Tag(name = "Projects")
class ProjectAdminController {

    private final ProjectService projectService;

    ProjectAdminController(ProjectService projectService) {
        this.projectService = projectService;
    }

    @PostMapping
    @Operation(summary = "Create a project (ADMIN)",
            description = "Enabled, with no members; initialHours (default 0) are written to its ledger as "
                    + "INITIAL_GRANT by you. A name that exists in any case: 409 PROJECT_NAME_TAKEN.")
    @ApiResponse(responseCode = "201", description = "Created",
            headers = @Header(name = "Location", description = "/api/v1/projects/{id}", required = true,
                    schema = @Schema(type = "string", format = "uri-reference")))
    ResponseEntity<ProjectResponse> create(@CurrentUser AuthenticatedUser admin,
            @Valid @RequestBody CreateProjectRequest request) {
        ProjectResponse project = projectService.create(admin, request);
        return ResponseEntity.created(URI.create("/api/v1/projects/" + project.id())).body(project);
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change a project (ADMIN)",
            description = "Any subset of description, enabled, lowBalanceHours. An absent field is unchanged; a field "
                    + "sent as null is cleared (lowBalanceHours: null means the configured default). A disabled "
                    + "project takes no new jobs; its jobs go on.")
    ProjectResponse update(@CurrentUser AuthenticatedUser admin, @PathVariable UUID id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(schema = @Schema(implementation = UpdateProjectRequest.Document.class)))
            @RequestBody UpdateProjectRequest request) {
        return projectService.update(admin, id, request);
    }

    @PostMapping("/{id}/quota-adjustments")
    @Operation(summary = "Adjust a project's quota (ADMIN)",
            description = "As for users: written to the project's ledger as ADMIN_ADJUSTMENT by you. A negative delta "
                    + "that would take the balance below 0: 400 INSUFFICIENT_QUOTA.")
    ProjectResponse adjustQuota(@CurrentUser AuthenticatedUser admin, @PathVariable UUID id,
            @Valid @RequestBody AdjustQuotaRequest request) {
        return projectService.adjustQuota(admin, id, request);
    }
}
