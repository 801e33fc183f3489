package io.gaas.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Assertions on RFC 9457 problem responses of the API, for MockMvc slice tests. */
public final class ProblemAssertions {

    private ProblemAssertions() {
    }

    /** The response is a problem+json document with this status and {@code code}. */
    public static void assertProblem(MvcTestResult result, int status, String code) {
        assertThat(result).hasStatus(status).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.code").isEqualTo(code);
        assertThat(result).bodyJson().extractingPath("$.status").asNumber().isEqualTo(status);
    }

    /** 401 UNAUTHENTICATED with a {@code WWW-Authenticate: Bearer} challenge. */
    public static void assertUnauthenticated(MvcTestResult result) {
        assertProblem(result, 401, "UNAUTHENTICATED");
        assertThat(result).headers().hasHeaderSatisfying(HttpHeaders.WWW_AUTHENTICATE,
                values -> assertThat(values).singleElement().asString().startsWith("Bearer"));
    }

    /** 400 VALIDATION_FAILED whose {@code errors[]} names the field. */
    public static void assertValidationFailed(MvcTestResult result, String field) {
        assertProblem(result, 400, "VALIDATION_FAILED");
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().contains(field);
    }
}
