package io.gaas.auth;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.gaas.user.AuthenticatedUser;
import io.gaas.user.ChangePasswordRequest;
import io.gaas.user.CurrentUser;
import io.gaas.web.ClientAddresses;
import io.gaas.web.ProblemDetails;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

/**
 * The password change lives with the logins (not with the account views) because it shares their
 * throttle and their hashing gate.
 */
@RestController
@RequestMapping("/api/v1/users/me")
@Tag(name = "Users")
class PasswordController {

    private final PasswordChangeService passwords;
    private final ClientAddresses clientAddresses;

    PasswordController(PasswordChangeService passwords, ClientAddresses clientAddresses) {
        this.passwords = passwords;
        this.clientAddresses = clientAddresses;
    }

    @PostMapping("/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Change your password",
            description = "Wrong current password: 401 INVALID_CREDENTIALS. A wrong current password counts as a "
                    + "failed login of your username from your client address: after 5 for the pair within 15 "
                    + "minutes (logins included), or GAAS_LOGIN_FAILURES_PER_ADDRESS (default 100) from your "
                    + "address whatever the usernames, 429 with Retry-After, even with the right password. Every "
                    + "older token stops working.")
    @ApiResponse(responseCode = "204", description = "Changed; every older token is revoked")
    @ApiResponse(responseCode = "429", description = "Too many wrong passwords for this username from your "
            + "address, or from your address",
            headers = @Header(name = "Retry-After", description = "Seconds until enough failures have left the "
                    + "15-minute window", schema = @Schema(type = "integer")),
            content = @Content(mediaType = ProblemDetails.MEDIA_TYPE,
                    schema = @Schema(ref = "#/components/schemas/Problem")))
    void changePassword(@CurrentUser AuthenticatedUser user, @Valid @RequestBody ChangePasswordRequest request,
            HttpServletRequest http) {
        String clientAddress = clientAddresses.of(http);
        PasswordHashingGate.run(() -> {
            passwords.change(user, request.currentPassword(), request.newPassword(), clientAddress);
            return null;
        });
    }
}
