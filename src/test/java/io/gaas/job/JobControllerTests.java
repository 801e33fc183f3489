package io.gaas.job;

import static io.gaas.support.ProblemAssertions.assertProblem;
import static io.gaas.support.ProblemAssertions.assertUnauthenticated;
import static io.gaas.support.ProblemAssertions.assertValidationFailed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static io.gaas.support.JsonRequests.sendJson;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import io.gaas.auth.TestTokens;
import io.gaas.auth.WebSecurityTestConfig;
import io.gaas.quota.QuotaFixtures;
import io.gaas.user.AuthenticatedUser;
import io.gaas.user.User;
import io.gaas.user.UserFixtures;
import io.gaas.user.UserService;
import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;
import io.gaas.web.PageResponse;

@WebMvcTest(JobController.class)
@Import(WebSecurityTestConfig.class)
class JobControllerTests {

    private static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestTokens tokens;

    @MockitoBean
    UserService userService;

    @MockitoBean
    JobService jobService;

    // --- authentication and access rules

    @Test
    void submitWhenAnonymousThenReturns401Unauthenticated() {
        MvcTestResult result = mvc.post()
            .uri("/api/v1/jobs")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"name\": \"train\", \"gpuHours\": 1}")
            .exchange();

        assertUnauthenticated(result);
        then(jobService).shouldHaveNoInteractions();
    }

    @Test
    void getWhenTokenIsGarbageThenReturns401WithInvalidTokenChallenge() {
        MvcTestResult result = mvc.get()
            .uri("/api/v1/jobs/{id}", UUID.randomUUID())
            .header(HttpHeaders.AUTHORIZATION, "Bearer not-a-token")
            .exchange();

        assertUnauthenticated(result);
        assertThat(result).headers().hasValue(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"gaas\", error=\"invalid_token\"");
        then(jobService).shouldHaveNoInteractions();
    }

    @Test
    void listWhenUserIsDisabledThenReturns401() {
        User alice = UserFixtures.user("alice");
        String bearer = tokens.bearer(alice);
        given(userService.findAccess(alice.getId()))
            .willReturn(Optional.of(UserFixtures.access(UserFixtures.disabled(alice))));

        assertUnauthenticated(mvc.get().uri("/api/v1/jobs").header(HttpHeaders.AUTHORIZATION, bearer).exchange());
        then(jobService).shouldHaveNoInteractions();
    }

    @Test
    void listWhenTokenPredatesLogoutThenReturns401() {
        User alice = UserFixtures.user("alice");
        String bearer = tokens.bearer(alice);
        given(userService.findAccess(alice.getId()))
            .willReturn(Optional.of(UserFixtures.access(UserFixtures.withTokenVersion(alice, 1))));

        assertUnauthenticated(mvc.get().uri("/api/v1/jobs").header(HttpHeaders.AUTHORIZATION, bearer).exchange());
    }

    @Test
    void listWhenUserNoLongerExistsThenReturns401() {
        User alice = UserFixtures.user("alice");
        String bearer = tokens.bearer(alice);
        given(userService.findAccess(alice.getId())).willReturn(Optional.empty());

        assertUnauthenticated(mvc.get().uri("/api/v1/jobs").header(HttpHeaders.AUTHORIZATION, bearer).exchange());
    }

    @Test
    void getWhenAnonymousOnUnknownPathThenReturns401BeforeNotFound() {
        assertUnauthenticated(mvc.get().uri("/api/v1/no-such-thing").exchange());
    }

    @Test
    void deleteWhenAnonymousThenReturns401BeforeMethodNotAllowed() {
        assertUnauthenticated(mvc.delete().uri("/api/v1/jobs/{id}", UUID.randomUUID()).exchange());
    }

    @Test
    void changeStatusWhenServiceRefusesTheCallerThenReturns403Forbidden() {
        User alice = UserFixtures.user("alice");
        String bearer = signedIn(alice);
        UUID jobId = UUID.randomUUID();
        // A USER may reach the service (a project's managers approve its jobs); the service decides.
        given(jobService.changeStatus(eq(UserFixtures.authenticated(alice)), eq(jobId), any()))
            .willThrow(new ApiException(ErrorCode.FORBIDDEN, "Only an admin may change this job's status."));

        MvcTestResult result = sendJson(mvc, HttpMethod.PATCH, bearer, "{\"status\": \"APPROVED\"}",
            "/api/v1/jobs/{id}/status", jobId);

        assertProblem(result, 403, "FORBIDDEN");
    }

    @Test
    void changeStatusWhenAdminThenReturns200WithJobAndPassesRequest() {
        User admin = UserFixtures.admin("root");
        String bearer = signedIn(admin);
        UUID jobId = UUID.randomUUID();
        given(jobService.changeStatus(eq(UserFixtures.authenticated(admin)), eq(jobId), any()))
            .willReturn(job(jobId, JobStatus.COMPLETED, "1.25"));

        MvcTestResult result = sendJson(mvc, HttpMethod.PATCH, bearer,
                "{\"status\": \"COMPLETED\", \"usedHours\": 1.25, \"reason\": \"done\"}",
            "/api/v1/jobs/{id}/status", jobId);

        assertThat(result).hasStatusOk().hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("COMPLETED");
        var request = ArgumentCaptor.forClass(ChangeJobStatusRequest.class);
        then(jobService).should().changeStatus(eq(UserFixtures.authenticated(admin)), eq(jobId), request.capture());
        assertThat(request.getValue().status()).isEqualTo("COMPLETED");
        assertThat(request.getValue().usedHours()).isEqualByComparingTo("1.25");
        assertThat(request.getValue().reason()).isEqualTo("done");
    }

    @Test
    void changeStatusWhenDemotedAdminUsesOldTokenThenActsAsUser() {
        User admin = UserFixtures.admin("root");
        String bearer = tokens.bearer(admin);
        given(userService.findAccess(admin.getId()))
            .willReturn(Optional.of(UserFixtures.access(UserFixtures.demoted(admin))));
        UUID jobId = UUID.randomUUID();
        given(jobService.changeStatus(any(), eq(jobId), any()))
            .willThrow(new ApiException(ErrorCode.FORBIDDEN, "Only an admin may change this job's status."));

        MvcTestResult result = sendJson(mvc, HttpMethod.PATCH, bearer, "{\"status\": \"APPROVED\"}",
            "/api/v1/jobs/{id}/status", jobId);

        assertProblem(result, 403, "FORBIDDEN");
        var caller = ArgumentCaptor.forClass(AuthenticatedUser.class);
        then(jobService).should().changeStatus(caller.capture(), eq(jobId), any());
        assertThat(caller.getValue().isAdmin()).isFalse();
    }

    @Test
    void changeStatusWhenUsedHoursHasThreeDecimalsThenReturns400ValidationFailed() {
        String bearer = signedIn(UserFixtures.admin("root"));

        MvcTestResult result = sendJson(mvc, HttpMethod.PATCH, bearer,
                "{\"status\": \"COMPLETED\", \"usedHours\": 1.255}",
            "/api/v1/jobs/{id}/status", UUID.randomUUID());

        assertValidationFailed(result, "usedHours");
        then(jobService).shouldHaveNoInteractions();
    }

    @Test
    void changeStatusWhenTransitionRefusedThenReturns409InvalidTransition() {
        String bearer = signedIn(UserFixtures.admin("root"));
        UUID jobId = UUID.randomUUID();
        given(jobService.changeStatus(any(), eq(jobId), any()))
            .willThrow(new InvalidTransitionException(JobStatus.COMPLETED, JobStatus.APPROVED));

        MvcTestResult result = sendJson(mvc, HttpMethod.PATCH, bearer, "{\"status\": \"APPROVED\"}",
            "/api/v1/jobs/{id}/status", jobId);

        assertProblem(result, 409, "INVALID_TRANSITION");
    }

    // --- submission

    @Test
    void submitWhenValidThenReturns201WithLocationAndJobView() {
        User alice = UserFixtures.user("alice");
        String bearer = signedIn(alice);
        UUID jobId = UUID.randomUUID();
        given(jobService.submit(eq(UserFixtures.authenticated(alice)), any(), isNull()))
            .willReturn(new JobService.Submission(job(jobId, JobStatus.PENDING, null), false));

        MvcTestResult result = sendJson(mvc, HttpMethod.POST, bearer,
                "{\"name\": \"  train-resnet \", \"gpuHours\": 2.5}",
            "/api/v1/jobs");

        assertThat(result).hasStatus(201).hasHeader(HttpHeaders.LOCATION, "/api/v1/jobs/" + jobId);
        assertThat(result).bodyJson().extractingPath("$.id").isEqualTo(jobId.toString());
        assertThat(result).bodyText().contains("\"gpuHours\":2.50");
        assertThat(result).bodyJson().hasPath("$.usedHours").extractingPath("$.usedHours").isNull();
        assertThat(result).bodyJson().hasPath("$.description").extractingPath("$.description").isNull();
        assertThat(result).bodyJson().extractingPath("$.owner.username").isEqualTo("alice");
        var request = ArgumentCaptor.forClass(SubmitJobRequest.class);
        then(jobService).should().submit(eq(UserFixtures.authenticated(alice)), request.capture(), isNull());
        assertThat(request.getValue().name()).isEqualTo("train-resnet");
        assertThat(request.getValue().gpuHours()).isEqualByComparingTo("2.5");
    }

    @Test
    void submitWhenIdempotencyKeyGivenThenPassesItToService() {
        User alice = UserFixtures.user("alice");
        String bearer = signedIn(alice);
        UUID jobId = UUID.randomUUID();
        given(jobService.submit(any(), any(), eq("retry-1")))
            .willReturn(new JobService.Submission(job(jobId, JobStatus.PENDING, null), true));

        MvcTestResult result = mvc.post()
            .uri("/api/v1/jobs")
            .header(HttpHeaders.AUTHORIZATION, bearer)
            .header("Idempotency-Key", "retry-1")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"name\": \"train\", \"gpuHours\": 2.5}")
            .exchange();

        assertThat(result).hasStatus(201).hasHeader(HttpHeaders.LOCATION, "/api/v1/jobs/" + jobId);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "cl\u00e9" })
    void submitWhenIdempotencyKeyIsEmptyOrNotPrintableAsciiThenReturns400ValidationFailed(String key) {
        String bearer = signedIn(UserFixtures.user("alice"));

        MvcTestResult result = mvc.post()
            .uri("/api/v1/jobs")
            .header(HttpHeaders.AUTHORIZATION, bearer)
            .header("Idempotency-Key", key)
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"name\": \"train\", \"gpuHours\": 2.5}")
            .exchange();

        assertValidationFailed(result, "Idempotency-Key");
        then(jobService).shouldHaveNoInteractions();
    }

    @Test
    void submitWhenIdempotencyKeyHasAControlCharacterThenReturns400MalformedRequest() {
        String bearer = signedIn(UserFixtures.user("alice"));

        MvcTestResult result = mvc.post()
            .uri("/api/v1/jobs")
            .header(HttpHeaders.AUTHORIZATION, bearer)
            .header("Idempotency-Key", "a\u0001b")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"name\": \"train\", \"gpuHours\": 2.5}")
            .exchange();

        assertThat(result).hasStatus(400);
        assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("MALFORMED_REQUEST");
        then(jobService).shouldHaveNoInteractions();
    }

    @Test
    void submitWhenIdempotencyKeyLongerThan100ThenReturns400ValidationFailed() {
        String bearer = signedIn(UserFixtures.user("alice"));

        MvcTestResult result = mvc.post()
            .uri("/api/v1/jobs")
            .header(HttpHeaders.AUTHORIZATION, bearer)
            .header("Idempotency-Key", "k".repeat(101))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"name\": \"train\", \"gpuHours\": 2.5}")
            .exchange();

        assertValidationFailed(result, "Idempotency-Key");
    }

    @Test
    void submitWhenIdempotencyKeyReusedWithOtherBodyThenReturns422() {
        String bearer = signedIn(UserFixtures.user("alice"));
        given(jobService.submit(any(), any(), eq("k1"))).willThrow(new IdempotencyKeyReusedException());

        MvcTestResult result = mvc.post()
            .uri("/api/v1/jobs")
            .header(HttpHeaders.AUTHORIZATION, bearer)
            .header("Idempotency-Key", "k1")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"name\": \"train\", \"gpuHours\": 3}")
            .exchange();

        assertProblem(result, 422, "IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void submitWhenQuotaExhaustedThenReturns400InsufficientQuota() {
        String bearer = signedIn(UserFixtures.user("alice"));
        given(jobService.submit(any(), any(), isNull())).willThrow(QuotaFixtures.insufficientQuota("8.00", "7.50"));

        MvcTestResult result = sendJson(mvc, HttpMethod.POST, bearer, "{\"name\": \"too-big\", \"gpuHours\": 8}",
            "/api/v1/jobs");

        assertProblem(result, 400, "INSUFFICIENT_QUOTA");
    }

    @Test
    void submitWhenNameMissingThenReturns400ProblemWithFullShape() {
        String bearer = signedIn(UserFixtures.user("alice"));

        MvcTestResult result = sendJson(mvc, HttpMethod.POST, bearer, "{\"gpuHours\": 2.5}",
            "/api/v1/jobs");

        assertValidationFailed(result, "name");
        assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("urn:gaas:problem:validation-failed");
        assertThat(result).bodyJson().extractingPath("$.title").asString().isNotBlank();
        assertThat(result).bodyJson().extractingPath("$.detail").asString().isNotBlank();
        assertThat(result).bodyJson().extractingPath("$.instance").isEqualTo("/api/v1/jobs");
        assertThat(result).bodyJson().extractingPath("$.errors[0].message").asString().isNotBlank();
        then(jobService).shouldHaveNoInteractions();
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"\"", "\"   \"", "null" })
    void submitWhenNameBlankOrNullThenReturns400ValidationFailed(String name) {
        String bearer = signedIn(UserFixtures.user("alice"));

        MvcTestResult result = sendJson(mvc, HttpMethod.POST, bearer, "{\"name\": " + name + ", \"gpuHours\": 2.5}",
            "/api/v1/jobs");

        assertValidationFailed(result, "name");
    }

    @Test
    void submitWhenNameLongerThan100AfterTrimmingThenReturns400ValidationFailed() {
        String bearer = signedIn(UserFixtures.user("alice"));

        MvcTestResult result = sendJson(mvc, HttpMethod.POST, bearer,
                "{\"name\": \"" + "n".repeat(101) + "\", \"gpuHours\": 2.5}",
            "/api/v1/jobs");

        assertValidationFailed(result, "name");
    }

    @ParameterizedTest
    @ValueSource(strings = { "2.505", "0", "0.00", "-1", "100000.01", "null" })
    void submitWhenGpuHoursBreaksItsRuleThenReturns400ValidationFailed(String gpuHours) {
        String bearer = signedIn(UserFixtures.user("alice"));

        MvcTestResult result = sendJson(mvc, HttpMethod.POST, bearer,
                "{\"name\": \"train\", \"gpuHours\": " + gpuHours + "}",
            "/api/v1/jobs");

        assertValidationFailed(result, "gpuHours");
        then(jobService).shouldHaveNoInteractions();
    }

    @ParameterizedTest
    @ValueSource(strings = { "2.50", "100000", "0.01" })
    void submitWhenGpuHoursAtTheEdgesOfItsRuleThenAccepted(String gpuHours) {
        String bearer = signedIn(UserFixtures.user("alice"));
        given(jobService.submit(any(), any(), isNull()))
            .willReturn(new JobService.Submission(job(UUID.randomUUID(), JobStatus.PENDING, null), false));

        MvcTestResult result = sendJson(mvc, HttpMethod.POST, bearer,
                "{\"name\": \"train\", \"gpuHours\": " + gpuHours + "}",
            "/api/v1/jobs");

        assertThat(result).hasStatus(201);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"gpuCount\": 0 | gpuCount",
            "\"gpuCount\": 65 | gpuCount",
            "\"gpuCount\": -1 | gpuCount",
            "\"command\": [] | command",
            "\"command\": [\"\"] | command",
            "\"command\": [\"a\\u0000b\"] | command",
            "\"command\": [\"python\", null] | command" })
    void submitWhenAPoolFieldBreaksItsRuleThenReturns400ValidationFailedNamingIt(String field, String name) {
        String bearer = signedIn(UserFixtures.user("alice"));

        MvcTestResult result = sendJson(mvc, HttpMethod.POST, bearer,
                "{\"name\": \"train\", \"gpuHours\": 2, " + field + "}", "/api/v1/jobs");

        assertValidationFailed(result, name);
        then(jobService).shouldHaveNoInteractions();
    }

    @Test
    void submitWhenTheCommandHas65ArgumentsThenReturns400ValidationFailed() {
        String bearer = signedIn(UserFixtures.user("alice"));
        String command = "[" + String.join(",", java.util.Collections.nCopies(65, "\"x\"")) + "]";

        MvcTestResult result = sendJson(mvc, HttpMethod.POST, bearer,
                "{\"name\": \"train\", \"gpuHours\": 2, \"command\": " + command + "}", "/api/v1/jobs");

        assertValidationFailed(result, "command");
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"command\": 42", "\"command\": \"python train.py\"", "\"command\": [1]",
            "\"command\": {}", "\"gpuCount\": 1.5", "\"gpuCount\": \"2\"", "\"gpuCount\": true",
            "\"gpuCount\": 99999999999", "\"pool\": 5", "\"pool\": [\"a100\"]" })
    void submitWhenAPoolFieldHasTheWrongJsonTypeThenReturns400Malformed(String field) {
        String bearer = signedIn(UserFixtures.user("alice"));

        MvcTestResult result = sendJson(mvc, HttpMethod.POST, bearer,
                "{\"name\": \"train\", \"gpuHours\": 2, " + field + "}", "/api/v1/jobs");

        assertProblem(result, 400, "MALFORMED_REQUEST");
        then(jobService).shouldHaveNoInteractions();
    }

    @Test
    void submitWhenPoolFieldsGivenThenPassesThemToTheService() {
        String bearer = signedIn(UserFixtures.user("alice"));
        given(jobService.submit(any(), any(), isNull()))
            .willReturn(new JobService.Submission(job(UUID.randomUUID(), JobStatus.PENDING, null), false));

        MvcTestResult result = sendJson(mvc, HttpMethod.POST, bearer, "{\"name\": \"train\", \"gpuHours\": 2, "
                + "\"pool\": \"A100\", \"gpuCount\": 64, \"command\": [\"python\", \"train.py\"]}", "/api/v1/jobs");

        assertThat(result).hasStatus(201);
        var request = ArgumentCaptor.forClass(SubmitJobRequest.class);
        then(jobService).should().submit(any(), request.capture(), isNull());
        assertThat(request.getValue().pool()).isEqualTo("A100");
        assertThat(request.getValue().gpuCount()).isEqualTo(64);
        assertThat(request.getValue().command()).containsExactly("python", "train.py");
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"name\": \"train\", \"gpuHours\": \"2.5\"}", "{\"name\": \"train\", \"gpuHours\": true}",
            "{\"name\": \"train\", \"gpuHours\": NaN}", "{\"name\": 42, \"gpuHours\": 2.5}", "{\"name\": \"train\",",
            "not json", "{\"name\": \"a\", \"gpuHours\": 1} {}", "" })
    void submitWhenBodyIsNotValidJsonOrHasWrongTypeThenReturns400Malformed(String body) {
        String bearer = signedIn(UserFixtures.user("alice"));

        MvcTestResult result = sendJson(mvc, HttpMethod.POST, bearer, body,
            "/api/v1/jobs");

        assertProblem(result, 400, "MALFORMED_REQUEST");
        then(jobService).shouldHaveNoInteractions();
    }

    @Test
    void submitWhenContentTypeIsTextThenReturns415() {
        String bearer = signedIn(UserFixtures.user("alice"));

        MvcTestResult result = mvc.post()
            .uri("/api/v1/jobs")
            .header(HttpHeaders.AUTHORIZATION, bearer)
            .contentType(MediaType.TEXT_PLAIN)
            .content("name=train")
            .exchange();

        assertProblem(result, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    // --- reading and cancelling

    @Test
    void getWhenOwnerThenReturns200WithHistory() {
        User alice = UserFixtures.user("alice");
        String bearer = signedIn(alice);
        UUID jobId = UUID.randomUUID();
        given(jobService.get(UserFixtures.authenticated(alice), jobId)).willReturn(job(jobId, JobStatus.PENDING, null));

        MvcTestResult result = mvc.get().uri("/api/v1/jobs/{id}", jobId).header(HttpHeaders.AUTHORIZATION, bearer)
            .exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.history[0].status").isEqualTo("PENDING");
        assertThat(result).bodyJson().extractingPath("$.history[0].by").isEqualTo("alice");
    }

    @Test
    void getWhenJobIsAnotherUsersThenReturns404NotFound() {
        String bearer = signedIn(UserFixtures.user("mallory"));
        UUID jobId = UUID.randomUUID();
        given(jobService.get(any(), eq(jobId))).willThrow(new JobNotFoundException());

        assertProblem(mvc.get().uri("/api/v1/jobs/{id}", jobId).header(HttpHeaders.AUTHORIZATION, bearer).exchange(),
                404, "NOT_FOUND");
    }

    @ParameterizedTest
    @ValueSource(strings = { "not-a-uuid", "123", "00000000-0000-0000-0000-00000000000g" })
    void getWhenIdIsNotAUuidThenReturns404NotFound(String id) {
        String bearer = signedIn(UserFixtures.user("alice"));

        MvcTestResult result = mvc.get().uri("/api/v1/jobs/" + id).header(HttpHeaders.AUTHORIZATION, bearer).exchange();

        assertProblem(result, 404, "NOT_FOUND");
        then(jobService).shouldHaveNoInteractions();
    }

    @Test
    void cancelWhenIdIsNotAUuidThenReturns404NotFound() {
        String bearer = signedIn(UserFixtures.user("alice"));

        assertProblem(mvc.post().uri("/api/v1/jobs/nope/cancel").header(HttpHeaders.AUTHORIZATION, bearer).exchange(),
                404, "NOT_FOUND");
    }

    @Test
    void cancelWhenOwnerThenReturns200Cancelled() {
        User alice = UserFixtures.user("alice");
        String bearer = signedIn(alice);
        UUID jobId = UUID.randomUUID();
        given(jobService.cancel(UserFixtures.authenticated(alice), jobId)).willReturn(job(jobId, JobStatus.CANCELLED, "0"));

        MvcTestResult result = mvc.post()
            .uri("/api/v1/jobs/{id}/cancel", jobId)
            .header(HttpHeaders.AUTHORIZATION, bearer)
            .exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("CANCELLED");
    }

    @Test
    void cancelWhenJobNotCancellableThenReturns409InvalidTransition() {
        String bearer = signedIn(UserFixtures.user("alice"));
        UUID jobId = UUID.randomUUID();
        given(jobService.cancel(any(), eq(jobId)))
            .willThrow(new InvalidTransitionException(JobStatus.PROCESSING, JobStatus.CANCELLED));

        assertProblem(mvc.post().uri("/api/v1/jobs/{id}/cancel", jobId).header(HttpHeaders.AUTHORIZATION, bearer)
            .exchange(), 409, "INVALID_TRANSITION");
    }

    @Test
    void deleteWhenMethodNotSupportedThenReturns405() {
        String bearer = signedIn(UserFixtures.user("alice"));

        assertProblem(mvc.delete().uri("/api/v1/jobs/{id}", UUID.randomUUID()).header(HttpHeaders.AUTHORIZATION, bearer)
            .exchange(), 405, "METHOD_NOT_ALLOWED");
    }

    // --- listing

    @Test
    void listWhenUserThenReturnsPageShapeAndPassesNewestFirstPaging() {
        User alice = UserFixtures.user("alice");
        String bearer = signedIn(alice);
        UUID jobId = UUID.randomUUID();
        given(jobService.list(eq(UserFixtures.authenticated(alice)), eq("PENDING"), isNull(), isNull(), isNull(), any()))
            .willReturn(new PageResponse<>(List.of(job(jobId, JobStatus.PENDING, null)),
                    new PageResponse.PageMetadata(5, 1, 6, 2)));

        MvcTestResult result = mvc.get()
            .uri("/api/v1/jobs?status=PENDING&page=1&size=5")
            .header(HttpHeaders.AUTHORIZATION, bearer)
            .exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.content[0].id").isEqualTo(jobId.toString());
        assertThat(result).bodyJson().extractingPath("$.page.size").asNumber().isEqualTo(5);
        assertThat(result).bodyJson().extractingPath("$.page.number").asNumber().isEqualTo(1);
        assertThat(result).bodyJson().extractingPath("$.page.totalElements").asNumber().isEqualTo(6);
        assertThat(result).bodyJson().extractingPath("$.page.totalPages").asNumber().isEqualTo(2);
        var pageable = ArgumentCaptor.forClass(Pageable.class);
        then(jobService).should().list(eq(UserFixtures.authenticated(alice)), eq("PENDING"), isNull(), isNull(), isNull(), pageable.capture());
        assertThat(pageable.getValue().getPageNumber()).isEqualTo(1);
        assertThat(pageable.getValue().getPageSize()).isEqualTo(5);
        assertThat(pageable.getValue().getSort().getOrderFor("createdAt").isDescending()).isTrue();
    }

    @Test
    void listWhenNoPagingGivenThenUsesPage0Size20() {
        User alice = UserFixtures.user("alice");
        String bearer = signedIn(alice);
        given(jobService.list(any(), isNull(), isNull(), isNull(), isNull(), any()))
            .willReturn(new PageResponse<>(List.of(), new PageResponse.PageMetadata(20, 0, 0, 0)));

        assertThat(mvc.get().uri("/api/v1/jobs").header(HttpHeaders.AUTHORIZATION, bearer).exchange()).hasStatusOk();

        var pageable = ArgumentCaptor.forClass(Pageable.class);
        then(jobService).should().list(any(), isNull(), isNull(), isNull(), isNull(), pageable.capture());
        assertThat(pageable.getValue().getPageNumber()).isZero();
        assertThat(pageable.getValue().getPageSize()).isEqualTo(20);
    }

    @ParameterizedTest
    @CsvSource({ "page=0&size=0, size", "page=0&size=101, size", "page=-1&size=20, page", "size=abc, size" })
    void listWhenPagingOutOfRangeThenReturns400ValidationFailed(String query, String field) {
        String bearer = signedIn(UserFixtures.user("alice"));

        MvcTestResult result = mvc.get().uri("/api/v1/jobs?" + query).header(HttpHeaders.AUTHORIZATION, bearer)
            .exchange();

        assertValidationFailed(result, field);
        then(jobService).shouldHaveNoInteractions();
    }

    private String signedIn(User user) {
        given(userService.findAccess(user.getId())).willReturn(Optional.of(UserFixtures.access(user)));
        return tokens.bearer(user);
    }

    private static JobResponse job(UUID id, JobStatus status, String usedHours) {
        UUID ownerId = UUID.randomUUID();
        return new JobResponse(id, "train-resnet", null, new BigDecimal("2.50"),
                usedHours == null ? null : new BigDecimal(usedHours), status,
                new JobResponse.Owner(ownerId, "alice"), NOW, NOW, "default", 1, new BigDecimal("1.00"),
                new BigDecimal("2.50"), null, 9000, false, null, null, null,
                List.of(new JobResponse.HistoryEntry(JobStatus.PENDING, NOW, "alice", null)));
    }
}
