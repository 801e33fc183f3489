package io.gaas.auth;

import io.swagger.v3.oas.annotations.media.Schema;

/** The login answer: a bearer token and its lifetime in seconds. */
record TokenResponse(String accessToken, @Schema(example = "Bearer") String tokenType,
        @Schema(example = "3600") long expiresIn) {

    static TokenResponse bearer(LoginService.IssuedToken token) {
        return new TokenResponse(token.token(), "Bearer", token.expiresIn());
    }
}
