package io.gaas.worker;

import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.gaas.job.JobResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

/** The worker protocol: worker tokens only (a user's token here is 403 TOKEN_NOT_ALLOWED). */
@RestController
@RequestMapping("/api/v1/worker")
@Tag(name = "Worker protocol")
@SecurityRequirement(name = WorkerOpenApi.WORKER_TOKEN)
class WorkerProtocolController {

    private final ClaimWaiter claims;
    private final WorkerProtocol protocol;

    WorkerProtocolController(ClaimWaiter claims, WorkerProtocol protocol) {
        this.claims = claims;
        this.protocol = protocol;
    }

    @PostMapping("/claim")
    @Operation(summary = "Claim the next job that fits",
            description = "Takes the APPROVED job with a command in the worker's pool that was approved first (ties "
                    + "by id) among those with gpuCount ≤ freeGpus that the pool's capacity and the worker's own GPUs "
                    + "allow, and moves it to PROCESSING. Waits up to waitSeconds for one, re-checking every second; "
                    + "204 when none came (at once for a disabled, draining worker). No job is ever given twice.")
    @ApiResponse(responseCode = "200", description = "A job, its lease and the heartbeat interval")
    @ApiResponse(responseCode = "204", description = "No job fits (within waitSeconds)", content = @Content)
    ResponseEntity<ClaimResponse> claim(@CurrentWorker AuthenticatedWorker worker,
            @Valid @RequestBody ClaimRequest request) {
        return claims.claim(worker, request).map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.noContent().build());
    }

    @PostMapping("/jobs/{id}/heartbeat")
    @Operation(summary = "Extend a running job's lease",
            description = "stop: true once someone asked to stop the job: the worker must end it and finish it. A "
                    + "body is optional and its fields are ignored. A job no longer PROCESSING on this worker: 409 "
                    + "LEASE_LOST (kill it, do not report it).")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false,
            description = "Optional, e.g. progress; the service ignores its fields (and its content)",
            content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
    HeartbeatResponse heartbeat(@CurrentWorker AuthenticatedWorker worker,
            @Parameter(description = "The job's id") @PathVariable UUID id) {
        return protocol.heartbeat(worker, id);
    }

    @PostMapping("/jobs/{id}/finish")
    @Operation(summary = "Report a job's end",
            description = "exitCode 0: COMPLETED; any other integer, or null (could not start): FAILED; after a "
                    + "heartbeat answered stop: FAILED, endReason STOPPED. usedHours = min(runSeconds, seconds since the "
                    + "claim) × gpuCount / 3600, rounded up to 0.01, at most gpuHours; the rest of the charge is "
                    + "refunded. The same finish again: the same 200. Bodies up to 256 KiB.")
    JobResponse finish(@CurrentWorker AuthenticatedWorker worker,
            @Parameter(description = "The job's id") @PathVariable UUID id, @Valid @RequestBody FinishRequest request) {
        return protocol.finish(worker, id, request);
    }

    @GetMapping("/jobs")
    @Operation(summary = "The jobs PROCESSING on this worker",
            description = "Not paged: a restarted worker learns what it already holds. Draining workers too.")
    List<JobResponse> runningJobs(@CurrentWorker AuthenticatedWorker worker) {
        return protocol.runningJobs(worker);
    }
}
