package io.gaas.pool;

import static io.gaas.support.ProblemAssertions.assertProblem;
import static io.gaas.support.ProblemAssertions.assertUnauthenticated;
import static io.gaas.support.ProblemAssertions.assertValidationFailed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import io.gaas.auth.TestTokens;
import io.gaas.auth.WebSecurityTestConfig;
import io.gaas.user.User;
import io.gaas.user.UserFixtures;
import io.gaas.user.UserService;
import io.gaas.web.PageResponse;
import io.gaas.web.ValidationException;

@WebMvcTest({ PoolController.class, PoolAdminController.class })
@Import(WebSecurityTestConfig.class)
class PoolControllerTests {

    private static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestTokens tokens;

    @MockitoBean
    UserService userService;

    @MockitoBean
    PoolService poolService;

    @Test
    void listWhenAnonymousThen401() {
        assertUnauthenticated(mvc.get().uri("/api/v1/pools").exchange());
        then(poolService).shouldHaveNoInteractions();
    }

    @Test
    void listWhenUserThenPagedPoolsWithEveryFieldPresent() {
        String bearer = signedIn(UserFixtures.user("alice"));
        given(poolService.list(0, 20)).willReturn(new PageResponse<>(List.of(a100(), unlimited()),
                new PageResponse.PageMetadata(20, 0, 2, 1)));

        MvcTestResult result = mvc.get().uri("/api/v1/pools").header(HttpHeaders.AUTHORIZATION, bearer).exchange();

        assertThat(result).hasStatusOk().bodyJson().extractingPath("$.content[0].name").isEqualTo("a100");
        assertThat(result).bodyJson().extractingPath("$.content[0].weight").isEqualTo(2.5);
        assertThat(result).bodyJson().extractingPath("$.content[1].gpus").isNull();
        assertThat(result).bodyJson().extractingPath("$.content[1].autoApproveHours").isNull();
        assertThat(result).bodyJson().extractingPath("$.content[1].description").isNull();
        assertThat(result).bodyJson().extractingPath("$.page.totalElements").isEqualTo(2);
    }

    @Test
    void getWhenUserThenThePool() {
        String bearer = signedIn(UserFixtures.user("alice"));
        given(poolService.get("A100")).willReturn(a100());

        MvcTestResult result = mvc.get().uri("/api/v1/pools/A100").header(HttpHeaders.AUTHORIZATION, bearer)
            .exchange();

        assertThat(result).hasStatusOk().bodyJson().extractingPath("$.gpusInUse").isEqualTo(3);
        assertThat(result).bodyJson().extractingPath("$.jobsWaiting").isEqualTo(2);
    }

    @Test
    void getWhenNoSuchPoolThen404() {
        String bearer = signedIn(UserFixtures.user("alice"));
        given(poolService.get("h100")).willThrow(new PoolNotFoundException());

        assertProblem(mvc.get().uri("/api/v1/pools/h100").header(HttpHeaders.AUTHORIZATION, bearer).exchange(), 404,
                "NOT_FOUND");
    }

    @Test
    void createWhenUserThen403AndNothingCreated() {
        String bearer = signedIn(UserFixtures.user("alice"));

        assertProblem(post(bearer, "{\"name\": \"a100\"}"), 403, "FORBIDDEN");
        assertProblem(patch(bearer, "a100", "{\"gpus\": 4}"), 403, "FORBIDDEN");
        then(poolService).shouldHaveNoInteractions();
    }

    @Test
    void createWhenAdminThen201WithLocationOfTheLowerCaseName() {
        String bearer = signedIn(UserFixtures.admin("root"));
        given(poolService.create(any())).willReturn(a100());

        MvcTestResult result = post(bearer, "{\"name\": \"A100\", \"gpus\": 8, \"weight\": 2.5}");

        assertThat(result).hasStatus(201).headers().hasValue(HttpHeaders.LOCATION, "/api/v1/pools/a100");
        var request = ArgumentCaptor.forClass(CreatePoolRequest.class);
        then(poolService).should().create(request.capture());
        assertThat(request.getValue()).isEqualTo(new CreatePoolRequest("A100", null, 8, new BigDecimal("2.5"), null));
    }

    @Test
    void createWhenNameTakenThen409() {
        String bearer = signedIn(UserFixtures.admin("root"));
        given(poolService.create(any())).willThrow(new PoolNameTakenException("a100"));

        assertProblem(post(bearer, "{\"name\": \"A100\"}"), 409, "POOL_NAME_TAKEN");
    }

    @Test
    void createWhenAFieldBreaksItsRuleThen400NamingIt() {
        String bearer = signedIn(UserFixtures.admin("root"));
        given(poolService.create(any())).willThrow(new ValidationException("weight", "must be between 0.01 and 100"));

        assertValidationFailed(post(bearer, "{\"name\": \"a100\", \"weight\": 0}"), "weight");
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"name\": \"a100\", \"gpus\": \"8\"}", "{\"name\": \"a100\", \"gpus\": 1.5}",
            "{\"name\": \"a100\", \"weight\": \"2\"}", "{\"name\": 100}", "{\"name\": \"a100\", \"weight\": true}",
            "[]", "not json" })
    void createWhenAValueHasTheWrongJsonTypeThen400Malformed(String body) {
        String bearer = signedIn(UserFixtures.admin("root"));

        assertProblem(post(bearer, body), 400, "MALFORMED_REQUEST");
        then(poolService).shouldHaveNoInteractions();
    }

    @Test
    void patchTellsAnAbsentFieldFromANullOne() {
        String bearer = signedIn(UserFixtures.admin("root"));
        given(poolService.update(eq("a100"), any())).willReturn(a100());

        assertThat(patch(bearer, "a100", "{\"gpus\": null, \"weight\": 3}")).hasStatusOk();

        var request = ArgumentCaptor.forClass(UpdatePoolRequest.class);
        then(poolService).should().update(eq("a100"), request.capture());
        assertThat(request.getValue().gpus()).isEqualTo(new UpdatePoolRequest.Sent<Integer>(null));
        assertThat(request.getValue().weight()).isEqualTo(new UpdatePoolRequest.Sent<>(new BigDecimal("3")));
        assertThat(request.getValue().description()).isNull();
        assertThat(request.getValue().autoApproveHours()).isNull();
        assertThat(request.getValue().enabled()).isNull();
        assertThat(request.getValue().name()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"enabled\": \"false\"}", "{\"enabled\": 0}", "{\"gpus\": \"4\"}", "{\"weight\": \"1\"}",
            "{\"description\": 5}", "{\"gpus\": 1.5}" })
    void patchWhenAValueHasTheWrongJsonTypeThen400Malformed(String body) {
        String bearer = signedIn(UserFixtures.admin("root"));

        assertProblem(patch(bearer, "a100", body), 400, "MALFORMED_REQUEST");
        then(poolService).shouldHaveNoInteractions();
    }

    private MvcTestResult post(String bearer, String body) {
        return mvc.post().uri("/api/v1/admin/pools").header(HttpHeaders.AUTHORIZATION, bearer)
            .contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    private MvcTestResult patch(String bearer, String name, String body) {
        return mvc.patch().uri("/api/v1/admin/pools/" + name).header(HttpHeaders.AUTHORIZATION, bearer)
            .contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    private String signedIn(User user) {
        given(userService.findAccess(user.getId())).willReturn(Optional.of(UserFixtures.access(user)));
        return tokens.bearer(user);
    }

    private static PoolResponse a100() {
        return new PoolResponse(UUID.randomUUID(), "a100", "rack 3", 8, new BigDecimal("2.5"), null, true, 3, 2, NOW);
    }

    private static PoolResponse unlimited() {
        return new PoolResponse(UUID.randomUUID(), "cpu", null, null, BigDecimal.ONE, null, true, 0, 0, NOW);
    }
}
