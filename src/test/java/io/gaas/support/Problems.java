package io.gaas.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.gaas.support.TestHttp.Response;

/** Assertions on RFC 9457 problem answers. */
public final class Problems {

    private Problems() {
    }

    /** The status, the problem media type and the stable {@code code}. */
    public static void assertProblem(Response response, int status, String code) {
        assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as("content type of %s", response.body())
            .startsWith("application/problem+json");
        assertThat(response.code()).as("code of %s", response.body()).isEqualTo(code);
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
    }

    /** The fields named in {@code errors[]}. */
    public static List<String> errorFields(Response response) {
        assertThat(response.json().get("errors")).as("errors[] of %s", response.body()).isNotNull();
        return response.json().get("errors").valueStream().map(error -> error.get("field").asString()).toList();
    }
}
