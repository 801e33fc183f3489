package io.gaas.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An OAuth2 token error (RFC 6749 §5.2). */
@JsonInclude(JsonInclude.Include.NON_NULL)
record OAuthErrorResponse(String error, @JsonProperty("error_description") String errorDescription) {
}
