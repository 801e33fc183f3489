package io.gaas.worker;

import java.net.URI;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.gaas.web.PageRequests;
import io.gaas.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/admin/workers")
@Tag(name = "Workers")
class WorkerAdminController {

    private final WorkerService workerService;

    WorkerAdminController(WorkerService workerService) {
        this.workerService = workerService;
    }

    @PostMapping
    @Operation(summary = "Create a worker (ADMIN)",
            description = "Answers with the worker's token (gaasw_...), shown this once: the service keeps only its "
                    + "hash. A name that exists (case-insensitive): 409 WORKER_NAME_TAKEN; an unknown pool: 400.")
    @ApiResponse(responseCode = "201", description = "Created, with its token",
            headers = @Header(name = "Location", description = "/api/v1/admin/workers/{id}",
                    schema = @Schema(type = "string")))
    ResponseEntity<WorkerWithTokenResponse> create(@Valid @RequestBody CreateWorkerRequest request) {
        WorkerWithTokenResponse created = workerService.create(request);
        return ResponseEntity.created(URI.create("/api/v1/admin/workers/" + created.id())).body(created);
    }

    @GetMapping
    @Operation(summary = "List workers, newest first (ADMIN)",
            description = "Every worker with its pool, GPUs, enabled flag, last contact and running jobs.")
    PageResponse<WorkerResponse> list(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + PageRequests.DEFAULT_SIZE) int size) {
        return workerService.list(PageRequests.newestFirst(page, size));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a worker (ADMIN)", description = "The worker's view; its token is never shown again.")
    WorkerResponse get(@PathVariable UUID id) {
        return workerService.get(id);
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change a worker's GPUs or enabled flag (ADMIN)",
            description = "enabled: false drains the worker: its claims answer 204 at once, while its heartbeats and "
                    + "finishes still work, so running jobs end normally; true lets it claim again.")
    WorkerResponse update(@PathVariable UUID id, @Valid @RequestBody UpdateWorkerRequest request) {
        return workerService.update(id, request);
    }

    @PostMapping("/{id}/token")
    @Operation(summary = "Rotate a worker's token (ADMIN)",
            description = "The old token is refused (401) at once; the worker's running jobs are left to lease "
                    + "expiry unless it comes back with the new token, which may heartbeat and finish them.")
    WorkerWithTokenResponse rotateToken(@PathVariable UUID id) {
        return workerService.rotateToken(id);
    }
}
