package io.gaas.request;

import java.util.UUID;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.gaas.user.AuthenticatedUser;
import io.gaas.user.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/admin/quota-requests")
@Tag(name = "Top-up requests")
class QuotaRequestAdminController {

    private final QuotaRequestService requestService;

    QuotaRequestAdminController(QuotaRequestService requestService) {
        this.requestService = requestService;
    }

    @PostMapping("/{id}/decision")
    @Operation(summary = "Approve or deny a top-up request (ADMIN)",
            description = "Approving grants grantedHours (default: all the hours asked; 0.01..the hours asked) as "
                    + "a TOP_UP ledger entry on the requester's or the project's account, in the same transaction. "
                    + "Denying leaves grantedHours null. Only an OPEN request: otherwise 409 ALREADY_DECIDED; of two "
                    + "decisions at once exactly one wins. Notifies quota_request.decided webhooks.")
    QuotaRequestResponse decide(@CurrentUser AuthenticatedUser admin, @PathVariable UUID id,
            @Valid @RequestBody DecideTopUpRequest decision) {
        return requestService.decide(admin, id, decision);
    }
}
