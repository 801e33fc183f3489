package io.gaas.auth;

import static io.gaas.support.ProblemAssertions.assertProblem;
import static io.gaas.support.ProblemAssertions.assertUnauthenticated;
import static io.gaas.support.ProblemAssertions.assertValidationFailed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;

import java.math.BigDecimal;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import io.gaas.user.InvalidCredentialsException;
import io.gaas.user.User;
import io.gaas.user.UserFixtures;
import io.gaas.user.UserResponse;
import io.gaas.user.UserService;

@WebMvcTest(AuthController.class)
@Import(WebSecurityTestConfig.class)
class AuthControllerTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestTokens tokens;

    @MockitoBean
    UserService userService;

    @MockitoBean
    LoginService loginService;

    // --- register

    @Test
    void registerWhenValidThenReturns201WithLocationAndUserView() {
        User alice = UserFixtures.user("alice");
        given(userService.register("Alice", "correct horse battery", "127.0.0.1"))
            .willReturn(UserResponse.from(alice, new BigDecimal("10.00")));

        MvcTestResult result = mvc.post()
            .uri("/api/v1/auth/register")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"username\": \"Alice\", \"password\": \"correct horse battery\", \"role\": \"ADMIN\", "
                    + "\"quotaHours\": 999}")
            .exchange();

        assertThat(result).hasStatus(201).hasHeader(HttpHeaders.LOCATION, "/api/v1/users/me");
        assertThat(result).bodyJson().extractingPath("$.username").isEqualTo("alice");
        assertThat(result).bodyJson().extractingPath("$.role").isEqualTo("USER");
        assertThat(result).bodyText().contains("\"quotaHours\":10.00");
    }

    @ParameterizedTest
    @ValueSource(strings = { "ab", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "alice smith", "al!ce", "ålice", "" })
    void registerWhenUsernameBreaksTheRuleThenReturns400ValidationFailed(String username) {
        MvcTestResult result = mvc.post()
            .uri("/api/v1/auth/register")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"username\": \"" + username + "\", \"password\": \"correct horse battery\"}")
            .exchange();

        assertValidationFailed(result, "username");
        then(userService).should(never()).register(any(), any(), any());
    }

    @ParameterizedTest
    @ValueSource(strings = { "abc", "a.b-c_D9", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345" })
    void registerWhenUsernameAtTheEdgesOfTheRuleThenAccepted(String username) {
        given(userService.register(username, "12345678", "127.0.0.1"))
            .willReturn(UserResponse.from(UserFixtures.user(username.toLowerCase()), BigDecimal.TEN));

        MvcTestResult result = mvc.post()
            .uri("/api/v1/auth/register")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"username\": \"" + username + "\", \"password\": \"12345678\"}")
            .exchange();

        assertThat(result).hasStatus(201);
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"1234567\"", "null" })
    void registerWhenPasswordBreaksTheRuleThenReturns400ValidationFailed(String password) {
        MvcTestResult result = mvc.post()
            .uri("/api/v1/auth/register")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"username\": \"alice\", \"password\": " + password + "}")
            .exchange();

        assertValidationFailed(result, "password");
    }

    @Test
    void registerWhenPasswordLongerThan128ThenReturns400ValidationFailed() {
        MvcTestResult result = mvc.post()
            .uri("/api/v1/auth/register")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"username\": \"alice\", \"password\": \"" + "p".repeat(129) + "\"}")
            .exchange();

        assertValidationFailed(result, "password");
    }

    @Test
    void registerWhenUsernameTakenThenReturns409() {
        given(userService.register("alice", "correct horse battery", "127.0.0.1")).willThrow(UserFixtures.usernameTaken("alice"));

        MvcTestResult result = mvc.post()
            .uri("/api/v1/auth/register")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"username\": \"alice\", \"password\": \"correct horse battery\"}")
            .exchange();

        assertProblem(result, 409, "USERNAME_TAKEN");
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"username\": \"alice\"", "username=alice", "{\"username\": 12345, \"password\": "
            + "\"correct horse battery\"}", "{\"username\": \"alice\", \"password\": true}" })
    void registerWhenBodyMalformedThenReturns400Malformed(String body) {
        MvcTestResult result = mvc.post()
            .uri("/api/v1/auth/register")
            .contentType(MediaType.APPLICATION_JSON)
            .content(body)
            .exchange();

        assertProblem(result, 400, "MALFORMED_REQUEST");
    }

    @Test
    void registerWhenContentTypeIsXmlThenReturns415() {
        MvcTestResult result = mvc.post()
            .uri("/api/v1/auth/register")
            .contentType(MediaType.APPLICATION_XML)
            .content("<user/>")
            .exchange();

        assertProblem(result, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void registerWhenGetWithoutTokenThenReturns401BeforeMethodNotAllowed() {
        assertUnauthenticated(mvc.get().uri("/api/v1/auth/register").exchange());
    }

    @Test
    void registerWhenGetWithTokenThenReturns405() {
        String bearer = signedIn(UserFixtures.user("alice"));

        assertProblem(mvc.get().uri("/api/v1/auth/register").header(HttpHeaders.AUTHORIZATION, bearer).exchange(), 405,
                "METHOD_NOT_ALLOWED");
    }

    // --- login

    @Test
    void loginWhenCredentialsRightThenReturnsBearerToken() {
        given(loginService.login("alice", "correct horse battery", "127.0.0.1"))
            .willReturn(new LoginService.IssuedToken("the.jwt.value", 3600));

        MvcTestResult result = mvc.post()
            .uri("/api/v1/auth/login")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"username\": \"alice\", \"password\": \"correct horse battery\"}")
            .exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.accessToken").isEqualTo("the.jwt.value");
        assertThat(result).bodyJson().extractingPath("$.tokenType").isEqualTo("Bearer");
        assertThat(result).bodyJson().extractingPath("$.expiresIn").asNumber().isEqualTo(3600);
    }

    @Test
    void loginWhenCredentialsWrongThenReturns401InvalidCredentialsWithoutChallenge() {
        given(loginService.login("alice", "wrong password", "127.0.0.1")).willThrow(new InvalidCredentialsException());

        MvcTestResult result = mvc.post()
            .uri("/api/v1/auth/login")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"username\": \"alice\", \"password\": \"wrong password\"}")
            .exchange();

        assertProblem(result, 401, "INVALID_CREDENTIALS");
    }

    @Test
    void loginWhenTooManyFailuresThenReturns429WithRetryAfter() {
        given(loginService.login(anyString(), anyString(), anyString()))
            .willThrow(new TooManyLoginAttemptsException(297, false));

        MvcTestResult result = mvc.post()
            .uri("/api/v1/auth/login")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"username\": \"alice\", \"password\": \"correct horse battery\"}")
            .exchange();

        assertProblem(result, 429, "TOO_MANY_REQUESTS");
        assertThat(result).hasHeader(HttpHeaders.RETRY_AFTER, "297");
    }

    @Test
    void loginWhenAccountDisabledThenReturns403AccountDisabled() {
        given(loginService.login("bob", "correct horse battery", "127.0.0.1")).willThrow(new AccountDisabledException());

        MvcTestResult result = mvc.post()
            .uri("/api/v1/auth/login")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"username\": \"bob\", \"password\": \"correct horse battery\"}")
            .exchange();

        assertProblem(result, 403, "ACCOUNT_DISABLED");
    }

    @Test
    void loginWhenPasswordMissingThenReturns400ValidationFailed() {
        MvcTestResult result = mvc.post()
            .uri("/api/v1/auth/login")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"username\": \"alice\"}")
            .exchange();

        assertValidationFailed(result, "password");
        then(loginService).shouldHaveNoInteractions();
    }

    @Test
    void loginWhenBodyEmptyThenReturns400Malformed() {
        MvcTestResult result = mvc.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON).exchange();

        assertProblem(result, 400, "MALFORMED_REQUEST");
    }

    // --- OAuth2 token endpoint

    @Test
    void tokenWhenPasswordGrantRightThenReturnsSnakeCaseToken() {
        given(loginService.login("alice", "correct horse battery", "127.0.0.1"))
            .willReturn(new LoginService.IssuedToken("the.jwt.value", 3600));

        MvcTestResult result = mvc.post()
            .uri("/api/v1/auth/token")
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .content("grant_type=password&username=alice&password=correct+horse+battery")
            .exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.access_token").isEqualTo("the.jwt.value");
        assertThat(result).bodyJson().extractingPath("$.token_type").isEqualTo("Bearer");
        assertThat(result).bodyJson().extractingPath("$.expires_in").asNumber().isEqualTo(3600);
    }

    @Test
    void tokenWhenPasswordWrongThenReturns400InvalidGrant() {
        given(loginService.login("alice", "wrong", "127.0.0.1")).willThrow(new InvalidCredentialsException());

        MvcTestResult result = mvc.post()
            .uri("/api/v1/auth/token")
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .content("grant_type=password&username=alice&password=wrong")
            .exchange();

        assertThat(result).hasStatus(400).hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson().extractingPath("$.error").isEqualTo("invalid_grant");
    }

    @Test
    void tokenWhenAccountDisabledThenReturns400InvalidGrant() {
        given(loginService.login("bob", "right", "127.0.0.1")).willThrow(new AccountDisabledException());

        MvcTestResult result = mvc.post()
            .uri("/api/v1/auth/token")
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .content("grant_type=password&username=bob&password=right")
            .exchange();

        assertThat(result).hasStatus(400);
        assertThat(result).bodyJson().extractingPath("$.error").isEqualTo("invalid_grant");
    }

    @ParameterizedTest
    @ValueSource(strings = { "client_credentials", "authorization_code", "PASSWORD" })
    void tokenWhenGrantTypeIsNotPasswordThenReturns400UnsupportedGrantType(String grantType) {
        MvcTestResult result = mvc.post()
            .uri("/api/v1/auth/token")
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .content("grant_type=" + grantType + "&username=alice&password=x")
            .exchange();

        assertThat(result).hasStatus(400);
        assertThat(result).bodyJson().extractingPath("$.error").isEqualTo("unsupported_grant_type");
        then(loginService).shouldHaveNoInteractions();
    }

    @ParameterizedTest
    @ValueSource(strings = { "username=alice&password=x", "grant_type=password&password=x",
            "grant_type=password&username=alice", "" })
    void tokenWhenParameterMissingThenReturns400InvalidRequest(String form) {
        MvcTestResult result = mvc.post()
            .uri("/api/v1/auth/token")
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .content(form)
            .exchange();

        assertThat(result).hasStatus(400);
        assertThat(result).bodyJson().extractingPath("$.error").isEqualTo("invalid_request");
        then(loginService).shouldHaveNoInteractions();
    }

    @Test
    void tokenWhenRateLimitedThenReturns429WithRetryAfter() {
        given(loginService.login("alice", "x", "127.0.0.1")).willThrow(new TooManyLoginAttemptsException(60, false));

        MvcTestResult result = mvc.post()
            .uri("/api/v1/auth/token")
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .content("grant_type=password&username=alice&password=x")
            .exchange();

        assertProblem(result, 429, "TOO_MANY_REQUESTS");
        assertThat(result).hasHeader(HttpHeaders.RETRY_AFTER, "60");
    }

    @Test
    void tokenWhenBodyIsJsonThenReturns415() {
        MvcTestResult result = mvc.post()
            .uri("/api/v1/auth/token")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"grant_type\": \"password\"}")
            .exchange();

        assertProblem(result, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    // --- logout

    @Test
    void logoutWhenSignedInThenReturns204AndRevokesTokens() {
        User alice = UserFixtures.user("alice");
        String bearer = signedIn(alice);

        MvcTestResult result = mvc.post().uri("/api/v1/auth/logout").header(HttpHeaders.AUTHORIZATION, bearer).exchange();

        assertThat(result).hasStatus(204);
        then(userService).should().revokeTokens(alice.getId());
    }

    @Test
    void logoutWhenAnonymousThenReturns401() {
        assertUnauthenticated(mvc.post().uri("/api/v1/auth/logout").exchange());
        then(userService).should(never()).revokeTokens(any());
    }

    private String signedIn(User user) {
        given(userService.findAccess(user.getId())).willReturn(Optional.of(UserFixtures.access(user)));
        return tokens.bearer(user);
    }
}
