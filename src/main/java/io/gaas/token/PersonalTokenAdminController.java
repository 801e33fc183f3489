package io.gaas.token;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.gaas.web.PageRequests;
import io.gaas.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/admin/users/{id}/tokens")
@Tag(name = "Admin")
class PersonalTokenAdminController {

    private final PersonalTokenService tokens;

    PersonalTokenAdminController(PersonalTokenService tokens) {
        this.tokens = tokens;
    }

    @GetMapping
    @Operation(summary = "A user's personal access tokens, newest first",
            description = "Expired ones included; never the tokens themselves. An unknown user: 404.")
    PageResponse<PersonalTokenResponse> list(@PathVariable UUID id, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + PageRequests.DEFAULT_SIZE) int size) {
        return tokens.listOf(id, page, size);
    }

    @DeleteMapping("/{tokenId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke a user's personal access token",
            description = "It stops working at once, on every replica. A token of another user: 404.")
    void delete(@PathVariable UUID id, @PathVariable UUID tokenId) {
        tokens.delete(id, tokenId);
    }
}
