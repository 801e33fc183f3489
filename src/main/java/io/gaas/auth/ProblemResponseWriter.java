package io.gaas.auth;

import java.io.IOException;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import io.gaas.web.ErrorCode;
import io.gaas.web.ProblemDetails;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes problems from the security filters, which run before (and outside) the controller
 * advice, in the same shape as every other error.
 */
@Component
class ProblemResponseWriter {

    private final JsonMapper jsonMapper;

    ProblemResponseWriter(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail)
            throws IOException {
        response.setStatus(code.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        jsonMapper.writeValue(response.getOutputStream(), ProblemDetails.of(code, detail, request.getRequestURI()));
    }
}
