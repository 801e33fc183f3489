package io.gaas.user;

import static io.gaas.support.ProblemAssertions.assertProblem;
import static io.gaas.support.ProblemAssertions.assertUnauthenticated;
import static io.gaas.support.ProblemAssertions.assertValidationFailed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static io.gaas.support.JsonRequests.sendJson;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import io.gaas.auth.TestTokens;
import io.gaas.auth.WebSecurityTestConfig;
import io.gaas.quota.LedgerEntryResponse;
import io.gaas.quota.LedgerKind;
import io.gaas.quota.QuotaService;
import io.gaas.web.PageResponse;

@WebMvcTest(UserController.class)
@Import(WebSecurityTestConfig.class)
class UserControllerTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestTokens tokens;

    @MockitoBean
    UserService userService;

    @MockitoBean
    QuotaService quotaService;

    @Test
    void meWhenAnonymousThenReturns401Unauthenticated() {
        assertUnauthenticated(mvc.get().uri("/api/v1/users/me").exchange());
        then(userService).should(never()).view(any());
    }

    @Test
    void meWhenExpiredOrForeignTokenThenReturns401() {
        MvcTestResult result = mvc.get()
            .uri("/api/v1/users/me")
            .header(HttpHeaders.AUTHORIZATION, "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")
            .exchange();

        assertUnauthenticated(result);
    }

    @Test
    void meWhenSignedInThenReturnsUserViewWithEveryField() {
        User alice = UserFixtures.user("alice");
        String bearer = signedIn(alice);
        given(userService.view(alice.getId())).willReturn(UserResponse.from(alice, new BigDecimal("7.50")));

        MvcTestResult result = mvc.get().uri("/api/v1/users/me").header(HttpHeaders.AUTHORIZATION, bearer).exchange();

        assertThat(result).hasStatusOk().hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson().extractingPath("$.id").isEqualTo(alice.getId().toString());
        assertThat(result).bodyJson().extractingPath("$.username").isEqualTo("alice");
        assertThat(result).bodyJson().extractingPath("$.role").isEqualTo("USER");
        assertThat(result).bodyJson().extractingPath("$.enabled").isEqualTo(true);
        assertThat(result).bodyJson().extractingPath("$.createdAt").isEqualTo("2026-11-27T10:15:30Z");
        assertThat(result).bodyText().contains("\"quotaHours\":7.50");
    }

    @Test
    void meWhenAdminSignedInThenReturns200() {
        User root = UserFixtures.admin("root");
        String bearer = signedIn(root);
        given(userService.view(root.getId())).willReturn(UserResponse.from(root, BigDecimal.ZERO));

        assertThat(mvc.get().uri("/api/v1/users/me").header(HttpHeaders.AUTHORIZATION, bearer).exchange())
            .hasStatusOk()
            .bodyJson()
            .extractingPath("$.role")
            .isEqualTo("ADMIN");
    }

    @Test
    void meWhenMethodNotSupportedThenReturns405() {
        String bearer = signedIn(UserFixtures.user("alice"));

        assertProblem(mvc.delete().uri("/api/v1/users/me").header(HttpHeaders.AUTHORIZATION, bearer).exchange(), 405,
                "METHOD_NOT_ALLOWED");
    }

    @Test
    void ledgerWhenSignedInThenReturnsPagedEntriesOfTheCaller() {
        User alice = UserFixtures.user("alice");
        String bearer = signedIn(alice);
        UUID jobId = UUID.randomUUID();
        LedgerEntryResponse charge = new LedgerEntryResponse(UUID.randomUUID(), Instant.parse("2026-11-27T10:20:00Z"),
                LedgerKind.JOB_CHARGE, new BigDecimal("-2.50"), new BigDecimal("7.50"), jobId, null, "alice");
        given(quotaService.ledgerOf(alice.getId(), 0, 20))
            .willReturn(new PageResponse<>(List.of(charge), new PageResponse.PageMetadata(20, 0, 1, 1)));

        MvcTestResult result = mvc.get()
            .uri("/api/v1/users/me/ledger")
            .header(HttpHeaders.AUTHORIZATION, bearer)
            .exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.content[0].kind").isEqualTo("JOB_CHARGE");
        assertThat(result).bodyJson().extractingPath("$.content[0].jobId").isEqualTo(jobId.toString());
        assertThat(result).bodyJson().extractingPath("$.content[0].by").isEqualTo("alice");
        assertThat(result).bodyJson().hasPath("$.content[0].note").extractingPath("$.content[0].note").isNull();
        assertThat(result).bodyText().contains("\"deltaHours\":-2.50").contains("\"balanceAfter\":7.50");
        assertThat(result).bodyJson().extractingPath("$.page.totalElements").asNumber().isEqualTo(1);
    }

    @Test
    void ledgerWhenPagingGivenThenPassesItToTheQuotaService() {
        User alice = UserFixtures.user("alice");
        String bearer = signedIn(alice);
        given(quotaService.ledgerOf(alice.getId(), 3, 7))
            .willReturn(new PageResponse<>(List.of(), new PageResponse.PageMetadata(7, 3, 1, 1)));

        MvcTestResult result = mvc.get()
            .uri("/api/v1/users/me/ledger?page=3&size=7")
            .header(HttpHeaders.AUTHORIZATION, bearer)
            .exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.content").asArray().isEmpty();
    }

    @Test
    void ledgerWhenPageIsNotANumberThenReturns400ValidationFailed() {
        String bearer = signedIn(UserFixtures.user("alice"));

        assertValidationFailed(mvc.get().uri("/api/v1/users/me/ledger?page=x").header(HttpHeaders.AUTHORIZATION, bearer)
            .exchange(), "page");
    }

    private String signedIn(User user) {
        given(userService.findAccess(user.getId())).willReturn(Optional.of(UserFixtures.access(user)));
        return tokens.bearer(user);
    }
}
