package io.gaas.token;

import java.net.URI;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.gaas.user.AuthenticatedUser;
import io.gaas.user.CurrentUser;
import io.gaas.web.PageRequests;
import io.gaas.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/users/me/tokens")
@Tag(name = "Tokens")
class PersonalTokenController {

    private final PersonalTokenService tokens;

    PersonalTokenController(PersonalTokenService tokens) {
        this.tokens = tokens;
    }

    @PostMapping
    @Operation(summary = "Create a personal access token",
            description = "For scripts: send it as 'Authorization: Bearer gaasp_...'. The token is in this answer "
                    + "only; the service keeps a hash. It acts with a USER's powers unless admin is true (admins "
                    + "only). At most 20 live tokens: 409 TOO_MANY_TOKENS. Needs a login token (a personal token: "
                    + "403 TOKEN_NOT_ALLOWED).")
    @ApiResponse(responseCode = "201", description = "Created; the token is shown this once",
            headers = @Header(name = "Location", description = "/api/v1/users/me/tokens/{id}", required = true,
                    schema = @Schema(type = "string", format = "uri-reference")))
    ResponseEntity<CreatedPersonalTokenResponse> create(@CurrentUser AuthenticatedUser user,
            @Valid @RequestBody CreatePersonalTokenRequest request) {
        CreatedPersonalTokenResponse created = tokens.create(user.id(), request);
        return ResponseEntity.created(URI.create("/api/v1/users/me/tokens/" + created.id())).body(created);
    }

    @GetMapping
    @Operation(summary = "Your personal access tokens, newest first",
            description = "Expired ones included; never the tokens themselves.")
    PageResponse<PersonalTokenResponse> list(@CurrentUser AuthenticatedUser user,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + PageRequests.DEFAULT_SIZE) int size) {
        return tokens.list(user.id(), page, size);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a personal access token",
            description = "It stops working at once, on every replica. Another user's token: 404.")
    void delete(@CurrentUser AuthenticatedUser user, @PathVariable UUID id) {
        tokens.delete(user.id(), id);
    }
}
