package io.gaas.auth;

import static io.gaas.support.JsonRequests.sendJson;
import static io.gaas.support.ProblemAssertions.assertProblem;
import static io.gaas.support.ProblemAssertions.assertUnauthenticated;
import static io.gaas.support.ProblemAssertions.assertValidationFailed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import io.gaas.user.InvalidCredentialsException;
import io.gaas.user.User;
import io.gaas.user.UserFixtures;
import io.gaas.user.UserService;

@WebMvcTest(PasswordController.class)
@Import(WebSecurityTestConfig.class)
class PasswordControllerTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestTokens tokens;

    @MockitoBean
    UserService userService;

    @MockitoBean
    PasswordChangeService passwords;

    @Test
    void changePasswordWhenCurrentPasswordRightThenReturns204() {
        User alice = UserFixtures.user("alice");
        String bearer = signedIn(alice);

        MvcTestResult result = sendJson(mvc, HttpMethod.POST, bearer,
                "{\"currentPassword\": \"old password\", \"newPassword\": \"new password 123\"}",
            "/api/v1/users/me/password");

        assertThat(result).hasStatus(204);
        assertThat(result).body().isEmpty();
        then(passwords).should()
            .change(UserFixtures.authenticated(alice), "old password", "new password 123", "127.0.0.1");
    }

    @Test
    void changePasswordWhenCurrentPasswordWrongThenReturns401InvalidCredentials() {
        User alice = UserFixtures.user("alice");
        String bearer = signedIn(alice);
        willThrow(new InvalidCredentialsException()).given(passwords)
            .change(UserFixtures.authenticated(alice), "wrong", "new password 123", "127.0.0.1");

        MvcTestResult result = sendJson(mvc, HttpMethod.POST, bearer,
                "{\"currentPassword\": \"wrong\", \"newPassword\": \"new password 123\"}",
            "/api/v1/users/me/password");

        assertProblem(result, 401, "INVALID_CREDENTIALS");
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"short\"", "null" })
    void changePasswordWhenNewPasswordBreaksTheRuleThenReturns400ValidationFailed(String newPassword) {
        User alice = UserFixtures.user("alice");
        String bearer = signedIn(alice);

        MvcTestResult result = sendJson(mvc, HttpMethod.POST, bearer,
                "{\"currentPassword\": \"old password\", \"newPassword\": " + newPassword + "}",
            "/api/v1/users/me/password");

        assertValidationFailed(result, "newPassword");
        then(passwords).should(never()).change(any(), any(), any(), any());
    }

    @Test
    void changePasswordWhenNewPasswordLongerThan128ThenReturns400ValidationFailed() {
        String bearer = signedIn(UserFixtures.user("alice"));

        MvcTestResult result = sendJson(mvc, HttpMethod.POST, bearer,
                "{\"currentPassword\": \"old password\", \"newPassword\": \"" + "p".repeat(129) + "\"}",
            "/api/v1/users/me/password");

        assertValidationFailed(result, "newPassword");
    }

    @Test
    void changePasswordWhenBodyMissingThenReturns400Malformed() {
        String bearer = signedIn(UserFixtures.user("alice"));

        MvcTestResult result = mvc.post()
            .uri("/api/v1/users/me/password")
            .header(HttpHeaders.AUTHORIZATION, bearer)
            .contentType(MediaType.APPLICATION_JSON)
            .exchange();

        assertProblem(result, 400, "MALFORMED_REQUEST");
    }

    @Test
    void changePasswordWhenPasswordIsANumberThenReturns400Malformed() {
        String bearer = signedIn(UserFixtures.user("alice"));

        MvcTestResult result = sendJson(mvc, HttpMethod.POST, bearer,
                "{\"currentPassword\": 12345678, \"newPassword\": \"new password 123\"}",
            "/api/v1/users/me/password");

        assertProblem(result, 400, "MALFORMED_REQUEST");
    }

    @Test
    void changePasswordWhenAnonymousThenReturns401() {
        MvcTestResult result = mvc.post()
            .uri("/api/v1/users/me/password")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"currentPassword\": \"old password\", \"newPassword\": \"new password 123\"}")
            .exchange();

        assertUnauthenticated(result);
    }

    @Test
    void changePasswordWhenContentTypeIsFormThenReturns415() {
        String bearer = signedIn(UserFixtures.user("alice"));

        MvcTestResult result = mvc.post()
            .uri("/api/v1/users/me/password")
            .header(HttpHeaders.AUTHORIZATION, bearer)
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .content("currentPassword=a&newPassword=b")
            .exchange();

        assertProblem(result, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void changePasswordWhenThrottledThenReturns429WithRetryAfter() {
        User alice = UserFixtures.user("alice");
        String bearer = signedIn(alice);
        willThrow(new TooManyLoginAttemptsException(840, false)).given(passwords)
            .change(UserFixtures.authenticated(alice), "old password", "new password 123", "127.0.0.1");

        MvcTestResult result = sendJson(mvc, HttpMethod.POST, bearer,
                "{\"currentPassword\": \"old password\", \"newPassword\": \"new password 123\"}",
            "/api/v1/users/me/password");

        assertProblem(result, 429, "TOO_MANY_REQUESTS");
        assertThat(result).headers().hasValue(HttpHeaders.RETRY_AFTER, "840");
    }

    @Test
    void changePasswordWhenRunningThenHoldsAPasswordHashingSlot() {
        User alice = UserFixtures.user("alice");
        String bearer = signedIn(alice);
        int idle = PasswordHashingGate.availablePermits();
        AtomicInteger duringChange = new AtomicInteger(-1);
        willAnswer(invocation -> {
            duringChange.set(PasswordHashingGate.availablePermits());
            return null;
        }).given(passwords)
            .change(UserFixtures.authenticated(alice), "old password", "new password 123", "127.0.0.1");

        MvcTestResult result = sendJson(mvc, HttpMethod.POST, bearer,
                "{\"currentPassword\": \"old password\", \"newPassword\": \"new password 123\"}",
            "/api/v1/users/me/password");

        assertThat(result).hasStatus(204);
        assertThat(duringChange.get()).isEqualTo(idle - 1);
        assertThat(PasswordHashingGate.availablePermits()).isEqualTo(idle);
    }

    private String signedIn(User user) {
        given(userService.findAccess(user.getId())).willReturn(Optional.of(UserFixtures.access(user)));
        return tokens.bearer(user);
    }
}
