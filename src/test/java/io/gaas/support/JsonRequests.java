package io.gaas.support;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** The request most slice tests send: a JSON body with a bearer token. */
public final class JsonRequests {

    private JsonRequests() {
    }

    public static MvcTestResult sendJson(MockMvcTester mvc, HttpMethod method, String bearer, String json,
            String uriTemplate, Object... uriVariables) {
        return mvc.method(method)
            .uri(uriTemplate, uriVariables)
            .header(HttpHeaders.AUTHORIZATION, bearer)
            .contentType(MediaType.APPLICATION_JSON)
            .content(json)
            .exchange();
    }
}
