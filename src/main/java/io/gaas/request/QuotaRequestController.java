package io.gaas.request;

import java.net.URI;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.gaas.user.AuthenticatedUser;
import io.gaas.user.CurrentUser;
import io.gaas.web.PageRequests;
import io.gaas.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/quota-requests")
@Tag(name = "Top-up requests")
class QuotaRequestController {

    private final QuotaRequestService requestService;

    QuotaRequestController(QuotaRequestService requestService) {
        this.requestService = requestService;
    }

    @PostMapping
    @Operation(summary = "Ask for more hours",
            description = "For your own account, or (with project) for a project you are a member of: not a member "
                    + "or no such project is 400 VALIDATION_FAILED on project. At most 10 OPEN requests per "
                    + "requester: an eleventh is 409 TOO_MANY_OPEN_REQUESTS. Notifies quota_request.opened webhooks.")
    @ApiResponse(responseCode = "201", description = "Opened",
            headers = @Header(name = "Location", description = "/api/v1/quota-requests/{id}", required = true,
                    schema = @Schema(type = "string", format = "uri-reference")))
    ResponseEntity<QuotaRequestResponse> open(@CurrentUser AuthenticatedUser user,
            @Valid @RequestBody CreateTopUpRequest request) {
        QuotaRequestResponse opened = requestService.open(user, request);
        return ResponseEntity.created(URI.create("/api/v1/quota-requests/" + opened.id())).body(opened);
    }

    @GetMapping
    @Operation(summary = "List top-up requests, newest first",
            description = "Your own requests and those of the projects you manage; an ADMIN sees everyone's.")
    PageResponse<QuotaRequestResponse> list(@CurrentUser AuthenticatedUser user,
            @Parameter(description = "Only requests in this status",
                    schema = @Schema(implementation = QuotaRequestStatus.class))
            @RequestParam(required = false) String status,
            @Parameter(description = PageRequests.PAGE_DESCRIPTION) @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + PageRequests.DEFAULT_SIZE) int size) {
        return requestService.list(user, status, PageRequests.newestFirst(page, size));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a top-up request",
            description = "Its requester, the managers of its project, or an ADMIN; anyone else gets 404, as for a "
                    + "request that does not exist.")
    QuotaRequestResponse get(@CurrentUser AuthenticatedUser user, @PathVariable UUID id) {
        return requestService.get(user, id);
    }

    @PostMapping("/{id}/withdraw")
    @Operation(summary = "Withdraw your top-up request",
            description = "The requester only, while it is OPEN (else 409 ALREADY_DECIDED). A manager of its project "
                    + "or an ADMIN, who may see it, gets 403 FORBIDDEN; anyone else 404.")
    QuotaRequestResponse withdraw(@CurrentUser AuthenticatedUser user, @PathVariable UUID id) {
        return requestService.withdraw(user, id);
    }
}
