package io.gaas.auth;

import java.io.IOException;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

import io.gaas.web.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** 401 {@code UNAUTHENTICATED} for any request that needs a valid token and has none. */
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private final ProblemResponseWriter writer;

    ProblemAuthenticationEntryPoint(ProblemResponseWriter writer) {
        this.writer = writer;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
            throws IOException {
        boolean tokenSent = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
                tokenSent ? "Bearer realm=\"gaas\", error=\"invalid_token\"" : "Bearer realm=\"gaas\"");
        writer.write(request, response, ErrorCode.UNAUTHENTICATED,
                tokenSent ? "The token is invalid, expired or revoked." : "A bearer token is required.");
    }
}
