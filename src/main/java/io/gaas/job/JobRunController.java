package io.gaas.job;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.gaas.user.AuthenticatedUser;
import io.gaas.user.CurrentUser;
import io.gaas.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** What a job's readers can do with its run on a worker: stop it, and read its output. */
@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "Jobs")
class JobRunController {

    private static final MediaType TEXT_UTF8 = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

    private final JobRuns runs;

    JobRunController(JobRuns runs) {
        this.runs = runs;
    }

    @PostMapping("/{id}/stop")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Stop a running job",
            description = "The owner, an ADMIN or a MANAGER of the job's project, on a PROCESSING job that a worker runs: the worker learns it at its "
                    + "next heartbeat and ends the job, which ends FAILED (reason 'stopped by <username>') with what it "
                    + "used. Asking again: 202, nothing more. Any other job: 409 INVALID_TRANSITION.")
    @ApiResponse(responseCode = "202", description = "Asked; stopRequested is true")
    JobResponse stop(@CurrentUser AuthenticatedUser user, @PathVariable UUID id) {
        return runs.requestStop(user, id);
    }

    @GetMapping("/{id}/output")
    @Operation(summary = "A job's output",
            description = "The last lines of output the worker reported (at most 32768 characters), for whoever may "
                    + "read the job; 404 while there is none.")
    @ApiResponse(responseCode = "200", description = "The output", content = @Content(
            mediaType = "text/plain", schema = @Schema(type = "string", example = "epoch 3/3: loss 0.12\n")))
    ResponseEntity<String> output(@CurrentUser AuthenticatedUser user, @PathVariable UUID id) {
        String output = runs.output(user, id).orElseThrow(() -> new NotFoundException("This job has no output (yet)."));
        return ResponseEntity.ok().contentType(TEXT_UTF8).body(output);
    }
}
