package io.gaas.auth;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.swagger.v3.oas.annotations.media.Schema;

/** The OAuth2 token answer, in RFC 6749's snake_case. */
record OAuthTokenResponse(@JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") @Schema(example = "Bearer") String tokenType,
        @JsonProperty("expires_in") @Schema(example = "3600") long expiresIn) {

    static OAuthTokenResponse bearer(LoginService.IssuedToken token) {
        return new OAuthTokenResponse(token.token(), "Bearer", token.expiresIn());
    }
}
