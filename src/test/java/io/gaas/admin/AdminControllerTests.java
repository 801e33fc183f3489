package io.gaas.admin;

import static io.gaas.support.ProblemAssertions.assertProblem;
import static io.gaas.support.ProblemAssertions.assertUnauthenticated;
import static io.gaas.support.ProblemAssertions.assertValidationFailed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static io.gaas.support.JsonRequests.sendJson;

import java.math.BigDecimal;
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
import io.gaas.quota.AdjustQuotaRequest;
import io.gaas.quota.QuotaFixtures;
import io.gaas.quota.QuotaService;
import io.gaas.user.Role;
import io.gaas.user.UpdateUserRequest;
import io.gaas.user.User;
import io.gaas.user.UserFixtures;
import io.gaas.user.UserResponse;
import io.gaas.user.UserService;
import io.gaas.web.PageResponse;

@WebMvcTest(AdminController.class)
@Import(WebSecurityTestConfig.class)
class AdminControllerTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestTokens tokens;

    @MockitoBean
    UserService userService;

    @MockitoBean
    QuotaService quotaService;

    @MockitoBean
    AdminService adminService;

    @ParameterizedTest
    @CsvSource({ "GET, /api/v1/admin/users", "GET, /api/v1/admin/users/{id}/ledger",
            "POST, /api/v1/admin/users/{id}/quota-adjustments", "PATCH, /api/v1/admin/users/{id}",
            "GET, /api/v1/admin/no-such-thing" })
    void adminEndpointWhenAnonymousThenReturns401Unauthenticated(String method, String path) {
        MvcTestResult result = mvc.method(HttpMethod.valueOf(method))
            .uri(path, UUID.randomUUID())
            .contentType(MediaType.APPLICATION_JSON)
            .content("{}")
            .exchange();

        assertUnauthenticated(result);
        then(adminService).shouldHaveNoInteractions();
        then(quotaService).shouldHaveNoInteractions();
    }

    @ParameterizedTest
    @CsvSource({ "GET, /api/v1/admin/users", "GET, /api/v1/admin/users/{id}/ledger",
            "POST, /api/v1/admin/users/{id}/quota-adjustments", "PATCH, /api/v1/admin/users/{id}",
            "GET, /api/v1/admin/no-such-thing" })
    void adminEndpointWhenUserThenReturns403Forbidden(String method, String path) {
        String bearer = signedIn(UserFixtures.user("alice"));

        MvcTestResult result = mvc.method(HttpMethod.valueOf(method))
            .uri(path, UUID.randomUUID())
            .header(HttpHeaders.AUTHORIZATION, bearer)
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"deltaHours\": 5, \"role\": \"ADMIN\"}")
            .exchange();

        assertProblem(result, 403, "FORBIDDEN");
        then(adminService).shouldHaveNoInteractions();
        then(quotaService).shouldHaveNoInteractions();
        then(userService).should(never()).update(any(), any());
        then(userService).should(never()).list(any());
    }

    @Test
    void usersWhenDemotedAdminUsesTokenIssuedAsAdminThenReturns403() {
        User root = UserFixtures.admin("root");
        String bearer = tokens.bearer(root);
        given(userService.findAccess(root.getId()))
            .willReturn(Optional.of(UserFixtures.access(UserFixtures.demoted(root))));

        assertProblem(mvc.get().uri("/api/v1/admin/users").header(HttpHeaders.AUTHORIZATION, bearer).exchange(), 403,
                "FORBIDDEN");
    }

    @Test
    void usersWhenAdminThenReturns200PageNewestFirst() {
        User root = UserFixtures.admin("root");
        String bearer = signedIn(root);
        User alice = UserFixtures.user("alice");
        given(userService.list(any())).willReturn(new PageResponse<>(
                List.of(UserResponse.from(alice, new BigDecimal("10.00"))), new PageResponse.PageMetadata(2, 1, 3, 2)));

        MvcTestResult result = mvc.get()
            .uri("/api/v1/admin/users?page=1&size=2")
            .header(HttpHeaders.AUTHORIZATION, bearer)
            .exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.content[0].username").isEqualTo("alice");
        assertThat(result).bodyJson().extractingPath("$.page.number").asNumber().isEqualTo(1);
        var pageable = ArgumentCaptor.forClass(Pageable.class);
        then(userService).should().list(pageable.capture());
        assertThat(pageable.getValue().getPageNumber()).isEqualTo(1);
        assertThat(pageable.getValue().getPageSize()).isEqualTo(2);
        assertThat(pageable.getValue().getSort().getOrderFor("createdAt").isDescending()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({ "page=0&size=0, size", "page=0&size=101, size", "page=-1, page" })
    void usersWhenPagingOutOfRangeThenReturns400ValidationFailed(String query, String field) {
        String bearer = signedIn(UserFixtures.admin("root"));

        assertValidationFailed(mvc.get().uri("/api/v1/admin/users?" + query).header(HttpHeaders.AUTHORIZATION, bearer)
            .exchange(), field);
        then(userService).should(never()).list(any());
    }

    @Test
    void ledgerWhenAdminThenReturnsThatUsersLedger() {
        String bearer = signedIn(UserFixtures.admin("root"));
        UUID userId = UUID.randomUUID();
        given(quotaService.ledgerOf(userId, 0, 20))
            .willReturn(new PageResponse<>(List.of(), new PageResponse.PageMetadata(20, 0, 0, 0)));

        MvcTestResult result = mvc.get()
            .uri("/api/v1/admin/users/{id}/ledger", userId)
            .header(HttpHeaders.AUTHORIZATION, bearer)
            .exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.page.totalElements").asNumber().isEqualTo(0);
    }

    @Test
    void ledgerWhenIdIsNotAUuidThenReturns404NotFound() {
        String bearer = signedIn(UserFixtures.admin("root"));

        assertProblem(mvc.get().uri("/api/v1/admin/users/nope/ledger").header(HttpHeaders.AUTHORIZATION, bearer)
            .exchange(), 404, "NOT_FOUND");
    }

    @Test
    void ledgerWhenUserUnknownThenReturns404NotFound() {
        String bearer = signedIn(UserFixtures.admin("root"));
        UUID userId = UUID.randomUUID();
        given(quotaService.ledgerOf(userId, 0, 20)).willThrow(UserFixtures.userNotFound());

        assertProblem(mvc.get().uri("/api/v1/admin/users/{id}/ledger", userId).header(HttpHeaders.AUTHORIZATION, bearer)
            .exchange(), 404, "NOT_FOUND");
    }

    @Test
    void adjustQuotaWhenAdminThenReturns200UserViewAndPassesAdminAndRequest() {
        User root = UserFixtures.admin("root");
        String bearer = signedIn(root);
        User alice = UserFixtures.user("alice");
        given(adminService.adjustQuota(eq(UserFixtures.authenticated(root)), eq(alice.getId()), any()))
            .willReturn(UserResponse.from(alice, new BigDecimal("15.00")));

        MvcTestResult result = sendJson(mvc, HttpMethod.POST, bearer,
                "{\"deltaHours\": 5, \"note\": \"grant for paper\"}",
            "/api/v1/admin/users/{id}/quota-adjustments", alice.getId());

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.id").isEqualTo(alice.getId().toString());
        assertThat(result).bodyText().contains("\"quotaHours\":15.00");
        var request = ArgumentCaptor.forClass(AdjustQuotaRequest.class);
        then(adminService).should().adjustQuota(eq(UserFixtures.authenticated(root)), eq(alice.getId()), request.capture());
        assertThat(request.getValue().deltaHours()).isEqualByComparingTo("5");
        assertThat(request.getValue().note()).isEqualTo("grant for paper");
    }

    @Test
    void adjustQuotaWhenWithdrawalGoesBelowZeroThenReturns400InsufficientQuota() {
        String bearer = signedIn(UserFixtures.admin("root"));
        UUID userId = UUID.randomUUID();
        given(adminService.adjustQuota(any(), eq(userId), any()))
            .willThrow(QuotaFixtures.insufficientQuota("20.00", "10.00"));

        MvcTestResult result = sendJson(mvc, HttpMethod.POST, bearer, "{\"deltaHours\": -20}",
            "/api/v1/admin/users/{id}/quota-adjustments", userId);

        assertProblem(result, 400, "INSUFFICIENT_QUOTA");
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "0.001", "100000.01", "-100000.01", "null" })
    void adjustQuotaWhenDeltaBreaksItsRuleThenReturns400ValidationFailed(String delta) {
        String bearer = signedIn(UserFixtures.admin("root"));

        MvcTestResult result = sendJson(mvc, HttpMethod.POST, bearer, "{\"deltaHours\": " + delta + "}",
            "/api/v1/admin/users/{id}/quota-adjustments", UUID.randomUUID());

        assertValidationFailed(result, "deltaHours");
        then(adminService).shouldHaveNoInteractions();
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"deltaHours\": \"5\"}", "{\"deltaHours\": true}", "{\"deltaHours\": 5", "[5]" })
    void adjustQuotaWhenBodyMalformedThenReturns400Malformed(String body) {
        String bearer = signedIn(UserFixtures.admin("root"));

        MvcTestResult result = sendJson(mvc, HttpMethod.POST, bearer, body,
            "/api/v1/admin/users/{id}/quota-adjustments", UUID.randomUUID());

        assertProblem(result, 400, "MALFORMED_REQUEST");
        then(adminService).shouldHaveNoInteractions();
    }

    @Test
    void updateWhenAdminThenReturns200AndPassesRoleAndEnabled() {
        String bearer = signedIn(UserFixtures.admin("root"));
        User bob = UserFixtures.user("bob");
        given(userService.update(eq(bob.getId()), any())).willReturn(UserResponse.from(bob, BigDecimal.TEN));

        MvcTestResult result = sendJson(mvc, HttpMethod.PATCH, bearer, "{\"role\": \"ADMIN\", \"enabled\": false}",
            "/api/v1/admin/users/{id}", bob.getId());

        assertThat(result).hasStatusOk();
        var request = ArgumentCaptor.forClass(UpdateUserRequest.class);
        then(userService).should().update(eq(bob.getId()), request.capture());
        assertThat(request.getValue().role()).isEqualTo(Role.ADMIN.name());
        assertThat(request.getValue().enabled()).isFalse();
    }

    @Test
    void updateWhenLastAdminThenReturns409LastAdmin() {
        User root = UserFixtures.admin("root");
        String bearer = signedIn(root);
        given(userService.update(eq(root.getId()), any())).willThrow(UserFixtures.lastAdmin());

        MvcTestResult result = sendJson(mvc, HttpMethod.PATCH, bearer, "{\"role\": \"USER\"}",
            "/api/v1/admin/users/{id}", root.getId());

        assertProblem(result, 409, "LAST_ADMIN");
    }

    @Test
    void updateWhenRoleUnknownThenReturns400ValidationFailedNamingRole() {
        String bearer = signedIn(UserFixtures.admin("root"));

        MvcTestResult result = sendJson(mvc, HttpMethod.PATCH, bearer, "{\"role\": \"ROOT\"}",
            "/api/v1/admin/users/{id}", UUID.randomUUID());

        assertValidationFailed(result, "role");
        then(userService).should(never()).update(any(), any());
    }

    @Test
    void updateWhenEnabledIsAStringThenReturns400Malformed() {
        String bearer = signedIn(UserFixtures.admin("root"));

        MvcTestResult result = sendJson(mvc, HttpMethod.PATCH, bearer, "{\"enabled\": \"false\"}",
            "/api/v1/admin/users/{id}", UUID.randomUUID());

        assertProblem(result, 400, "MALFORMED_REQUEST");
    }

    @Test
    void updateWhenIdIsNotAUuidThenReturns404NotFound() {
        String bearer = signedIn(UserFixtures.admin("root"));

        MvcTestResult result = sendJson(mvc, HttpMethod.PATCH, bearer, "{\"enabled\": true}",
            "/api/v1/admin/users/12");

        assertProblem(result, 404, "NOT_FOUND");
    }

    @Test
    void usersWhenMethodNotSupportedThenReturns405() {
        String bearer = signedIn(UserFixtures.admin("root"));

        assertProblem(mvc.delete().uri("/api/v1/admin/users").header(HttpHeaders.AUTHORIZATION, bearer).exchange(), 405,
                "METHOD_NOT_ALLOWED");
    }

    private String signedIn(User user) {
        given(userService.findAccess(user.getId())).willReturn(Optional.of(UserFixtures.access(user)));
        return tokens.bearer(user);
    }
}
