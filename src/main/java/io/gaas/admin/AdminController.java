package io.gaas.admin;

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

import io.gaas.quota.LedgerEntryResponse;
import io.gaas.quota.AdjustQuotaRequest;
import io.gaas.quota.QuotaService;
import io.gaas.user.AuthenticatedUser;
import io.gaas.user.CreateUserRequest;
import io.gaas.user.CurrentUser;
import io.gaas.user.UpdateUserRequest;
import io.gaas.user.UserResponse;
import io.gaas.user.UserService;
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
@RequestMapping("/api/v1/admin/users")
@Tag(name = "Admin")
class AdminController {

    private final UserService userService;
    private final QuotaService quotaService;
    private final AdminService adminService;

    AdminController(UserService userService, QuotaService quotaService, AdminService adminService) {
        this.userService = userService;
        this.quotaService = quotaService;
        this.adminService = adminService;
    }

    @GetMapping
    @Operation(summary = "List users, newest first",
            description = "Every account with its role, enabled flag and the hours it can still spend.")
    PageResponse<UserResponse> users(
            @Parameter(description = PageRequests.PAGE_DESCRIPTION) @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + PageRequests.DEFAULT_SIZE) int size) {
        return userService.list(PageRequests.newestFirst(page, size));
    }

    @PostMapping
    @Operation(summary = "Create a user",
            description = "Role default USER; initialHours default the configured initial quota (0 allowed), written "
                    + "to the ledger as INITIAL_GRANT by you. Works whether self-registration is open or closed. "
                    + "'system' is reserved; a taken username (case-insensitive): 409 USERNAME_TAKEN.")
    @ApiResponse(responseCode = "201", description = "Created",
            headers = @Header(name = "Location", description = "/api/v1/admin/users/{id}", required = true,
                    schema = @Schema(type = "string", format = "uri-reference")))
    ResponseEntity<UserResponse> create(@CurrentUser AuthenticatedUser admin,
            @Valid @RequestBody CreateUserRequest request) {
        UserResponse created = userService.createByAdmin(admin.username(), request);
        return ResponseEntity.created(URI.create("/api/v1/admin/users/" + created.id())).body(created);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A user", description = "The account with the hours it can still spend. An unknown user: 404.")
    UserResponse user(@PathVariable UUID id) {
        return userService.view(id);
    }

    @GetMapping("/{id}/ledger")
    @Operation(summary = "A user's ledger, newest first",
            description = "Every change of the user's hours, immutable; balanceAfter is the running sum. "
                    + "An unknown user: 404.")
    PageResponse<LedgerEntryResponse> ledger(@PathVariable UUID id,
            @Parameter(description = PageRequests.PAGE_DESCRIPTION) @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + PageRequests.DEFAULT_SIZE) int size) {
        return quotaService.ledgerOf(id, page, size);
    }

    @PostMapping("/{id}/quota-adjustments")
    @Operation(summary = "Adjust a user's quota",
            description = "Written to the ledger as ADMIN_ADJUSTMENT. A negative delta that would take the balance "
                    + "below 0: 400 INSUFFICIENT_QUOTA.")
    UserResponse adjustQuota(@CurrentUser AuthenticatedUser admin, @PathVariable UUID id,
            @Valid @RequestBody AdjustQuotaRequest request) {
        return adminService.adjustQuota(admin, id, request);
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change a user's role or enabled flag",
            description = "Takes effect on the user's next request: a demoted admin's tokens work as USER; a disabled "
                    + "user's tokens are refused and stay refused after re-enabling. The last enabled admin cannot "
                    + "be demoted or disabled: 409 LAST_ADMIN.")
    UserResponse update(@PathVariable UUID id, @Valid @RequestBody UpdateUserRequest request) {
        return userService.update(id, request);
    }
}
