package io.gaas.project;

import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.gaas.quota.AllocationRequest;
import io.gaas.user.AuthenticatedUser;
import io.gaas.user.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/admin/projects/{id}/allocation")
@Tag(name = "Projects")
class ProjectAllocationController {

    private final ProjectAllocations allocations;

    ProjectAllocationController(ProjectAllocations allocations) {
        this.allocations = allocations;
    }

    @PutMapping
    @Operation(summary = "Give a project an allocation (ADMIN)",
            description = "Replaces any allocation the project has. It does not refill: at each period start from the "
                    + "next one (00:00 on the 1st of the month, or Monday 00:00, in GAAS_PERIOD_TIMEZONE) the balance "
                    + "becomes min(balance, carryOverHours) + hours, written as one PERIOD_REFILL entry by system, and "
                    + "every member's spentHours starts again from 0. An unknown project: 404.")
    ProjectResponse set(@CurrentUser AuthenticatedUser admin, @PathVariable UUID id,
            @Valid @RequestBody AllocationRequest request) {
        return allocations.set(admin, id, request);
    }

    @DeleteMapping
    @Operation(summary = "Take a project's allocation away (ADMIN)",
            description = "No more refills; the balance stays as it is. Idempotent. An unknown project: 404.")
    @ApiResponse(responseCode = "204", description = "Removed")
    ResponseEntity<Void> remove(@PathVariable UUID id) {
        allocations.remove(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/refill")
    @Operation(summary = "Start a new period for a project now (ADMIN)",
            description = "The refill of a period start, now and by you (e.g. for a new term): the balance becomes "
                    + "min(balance, carryOverHours) + hours and every member's spentHours starts again from 0. The "
                    + "next scheduled start stays as it is. No allocation: 409 NO_ALLOCATION. An unknown project: 404.")
    ProjectResponse refill(@CurrentUser AuthenticatedUser admin, @PathVariable UUID id) {
        return allocations.refill(admin, id);
    }
}
