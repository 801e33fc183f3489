package io.gaas.job;

import java.net.URI;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.gaas.user.AuthenticatedUser;
import io.gaas.user.CurrentUser;
import io.gaas.web.PageRequests;
import io.gaas.web.PageResponse;
import io.gaas.web.ValidationException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "Jobs")
class JobController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final JobService jobService;

    JobController(JobService jobService) {
        this.jobService = jobService;
    }

    @PostMapping
    @Operation(summary = "Submit a job",
            description = "Checks and deducts the job's hours in one atomic step (ledger JOB_CHARGE). Not enough "
                    + "hours left: 400 INSUFFICIENT_QUOTA and nothing changes. With an Idempotency-Key, a retry "
                    + "returns the original 201 and charges nothing more; the same key with another body is 422. "
                    + "With project, the project's account is charged and the member's spendings under their cap, "
                    + "in the same step: not a member (or no such project) is 400 VALIDATION_FAILED on project, a "
                    + "disabled project 409 PROJECT_DISABLED, past the member's cap 400 CAP_EXCEEDED (with capHours "
                    + "and spentHours).")
    @ApiResponse(responseCode = "201", description = "Submitted (or replayed); the hours are charged",
            headers = @Header(name = "Location", description = "/api/v1/jobs/{id}", required = true,
                    schema = @Schema(type = "string", format = "uri-reference")))
    ResponseEntity<JobResponse> submit(@CurrentUser AuthenticatedUser user, @Valid @RequestBody SubmitJobRequest request,
            @Parameter(description = "1..100 printable ASCII characters; kept 24 hours per user")
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
        checkIdempotencyKey(idempotencyKey);
        JobService.Submission submission = jobService.submit(user, request, idempotencyKey);
        return ResponseEntity.created(URI.create("/api/v1/jobs/" + submission.job().id())).body(submission.job());
    }

    @GetMapping
    @Operation(summary = "List jobs, newest first",
            description = "A USER sees their own jobs (owner is ignored); an ADMIN sees everyone's and may filter "
                    + "by owner username. With project, a project's managers see all of its jobs.")
    PageResponse<JobResponse> list(@CurrentUser AuthenticatedUser user,
            @Parameter(description = "Only jobs in this status", schema = @Schema(implementation = JobStatus.class))
            @RequestParam(required = false) String status,
            @Parameter(description = "ADMIN only: only jobs of this username") @RequestParam(required = false) String owner,
            @Parameter(description = "Only jobs of this pool (an unknown pool is 400)", example = "a100")
            @RequestParam(required = false) String pool,
            @Parameter(description = "Only jobs charged to this project: all of them for an ADMIN or the project's "
                    + "managers, only your own for a plain member. A project that does not exist, or that you are not "
                    + "in, is 400.", example = "vision-lab")
            @RequestParam(required = false) String project,
            @Parameter(description = PageRequests.PAGE_DESCRIPTION) @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + PageRequests.DEFAULT_SIZE) int size) {
        return jobService.list(user, status, owner, pool, project, PageRequests.newestFirst(page, size));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a job with its history",
            description = "The owner, an ADMIN or a MANAGER of the job's project; anyone else gets 404, as for a job "
                    + "that does not exist.")
    JobResponse get(@CurrentUser AuthenticatedUser user, @PathVariable UUID id) {
        return jobService.get(user, id);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a job",
            description = "The owner or an ADMIN, from PENDING or APPROVED; all hours are refunded (JOB_REFUND). "
                    + "From any other status: 409 INVALID_TRANSITION. A project's manager who is not the owner: 403.")
    JobResponse cancel(@CurrentUser AuthenticatedUser user, @PathVariable UUID id) {
        return jobService.cancel(user, id);
    }

    @PatchMapping("/{id}/status")
    @Operation(summary = "Change a job's status (ADMIN, or a project's MANAGER)",
            description = "PENDING→APPROVED, PENDING→REJECTED (all refunded), APPROVED→PROCESSING, "
                    + "PROCESSING→COMPLETED or FAILED (usedHours 0..gpuHours, default gpuHours; the rest refunded). "
                    + "Anything else: 409 INVALID_TRANSITION. Of two changes at once, exactly one wins. A MANAGER "
                    + "of the project a job is charged to may move it to APPROVED or REJECTED; any other target, "
                    + "and any other job, is 403 for everyone but an ADMIN.")
    JobResponse changeStatus(@CurrentUser AuthenticatedUser admin, @PathVariable UUID id,
            @Valid @RequestBody ChangeJobStatusRequest request) {
        return jobService.changeStatus(admin, id, request);
    }

    private static void checkIdempotencyKey(String key) {
        if (key != null && (key.isEmpty() || key.length() > 100 || !key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e))) {
            throw new ValidationException(IDEMPOTENCY_KEY, "must be 1..100 printable characters");
        }
    }
}
