package io.gaas.user;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.gaas.quota.LedgerEntryResponse;
import io.gaas.quota.QuotaService;
import io.gaas.web.PageRequests;
import io.gaas.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/users/me")
@Tag(name = "Users")
class UserController {

    private final UserService userService;
    private final QuotaService quotaService;

    UserController(UserService userService, QuotaService quotaService) {
        this.userService = userService;
        this.quotaService = quotaService;
    }

    @GetMapping
    @Operation(summary = "Your account", description = "quotaHours is what you can still spend.")
    UserResponse me(@CurrentUser AuthenticatedUser user) {
        return userService.view(user.id());
    }

    @GetMapping("/ledger")
    @Operation(summary = "Your ledger, newest first",
            description = "Every change of your hours, immutable; balanceAfter is the running sum.")
    PageResponse<LedgerEntryResponse> ledger(@CurrentUser AuthenticatedUser user,
            @Parameter(description = PageRequests.PAGE_DESCRIPTION) @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + PageRequests.DEFAULT_SIZE) int size) {
        return quotaService.ledgerOf(user.id(), page, size);
    }
}
