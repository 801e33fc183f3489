package io.gaas.auth;

import java.net.URI;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.gaas.user.AuthenticatedUser;
import io.gaas.user.CurrentUser;
import io.gaas.user.InvalidCredentialsException;
import io.gaas.user.RegisterRequest;
import io.gaas.user.UserResponse;
import io.gaas.user.UserService;
import io.gaas.web.ClientAddresses;
import io.gaas.web.TextRule;
import io.gaas.web.ValidationException;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "Auth")
class AuthController {

    private final UserService userService;
    private final LoginService loginService;
    private final ClientAddresses clientAddresses;

    AuthController(UserService userService, LoginService loginService, ClientAddresses clientAddresses) {
        this.userService = userService;
        this.loginService = loginService;
        this.clientAddresses = clientAddresses;
    }

    @PostMapping("/register")
    @SecurityRequirements
    @Operation(summary = "Register",
            description = "Public. Creates a USER with the initial quota (ledger INITIAL_GRANT). Usernames are "
                    + "case-insensitive ('system' is reserved); fields such as role or quotaHours are ignored. "
                    + "Registration turned off (GAAS_REGISTRATION=closed): 403 REGISTRATION_CLOSED. More than "
                    + "GAAS_REGISTRATIONS_PER_HOUR (default 20) registrations from one client address within an "
                    + "hour: 429 with Retry-After.")
    @ApiResponse(responseCode = "201", description = "Registered",
            headers = @Header(name = "Location", description = "/api/v1/users/me", required = true,
                    schema = @Schema(type = "string", format = "uri-reference")))
    ResponseEntity<UserResponse> register(@Valid @RequestBody RegisterRequest request, HttpServletRequest http) {
        String clientAddress = clientAddresses.of(http);
        UserResponse user = PasswordHashingGate
            .run(() -> userService.register(request.username(), request.password(), clientAddress));
        return ResponseEntity.created(URI.create("/api/v1/users/me")).body(user);
    }

    @PostMapping("/login")
    @SecurityRequirements
    @Operation(summary = "Log in",
            description = "Public. Failed logins count per (lower-cased username, client address): after 5 within "
                    + "15 minutes, logins for that username from that address answer 429 with Retry-After, even with "
                    + "the right password; other addresses are not affected. An address with "
                    + "GAAS_LOGIN_FAILURES_PER_ADDRESS (default 100) failures within 15 minutes, whatever the "
                    + "usernames, gets 429 for every login. IPv6 addresses count per /64. A successful login starts "
                    + "its pair's count again (not the address's). The token endpoint and wrong current passwords "
                    + "at a password change count in the same way. A disabled account: 403 ACCOUNT_DISABLED.")
    TokenResponse login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
        String clientAddress = clientAddresses.of(http);
        return TokenResponse.bearer(PasswordHashingGate
            .run(() -> loginService.login(request.username(), request.password(), clientAddress)));
    }

    @PostMapping(path = "/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    @SecurityRequirements
    @Operation(summary = "OAuth2 password grant (RFC 6749 §4.3)",
            description = "Public; used by the Swagger UI Authorize dialog. The parameters go in the form body only: "
                    + "any of them in the query string (where proxies and access logs keep it) is 400 invalid_request. "
                    + "Errors as RFC 6749 §5.2, e.g. {\"error\": \"invalid_grant\"} with 400. The same rate limit as "
                    + "login, counted together with it (per username and client address, and per address): at the "
                    + "limit 429 TOO_MANY_REQUESTS (problem+json) with Retry-After.")
    @ApiResponse(responseCode = "200", description = "A bearer token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = OAuthTokenResponse.class)))
    @ApiResponse(responseCode = "400", description = "RFC 6749 §5.2 error: invalid_request, invalid_grant or "
            + "unsupported_grant_type", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = OAuthErrorResponse.class)))
    ResponseEntity<Object> token(
            @Parameter(description = "must be 'password'") @RequestParam(name = "grant_type", required = false) String grantType,
            @RequestParam(required = false) String username, @RequestParam(required = false) String password,
            HttpServletRequest request) {
        if (OAuthQueryParameters.anyIn(request.getQueryString())) {
            return oauthError("invalid_request", "send grant_type, username and password in the form body, "
                    + "never in the query string");
        }
        if (grantType == null || username == null || password == null) {
            return oauthError("invalid_request", "grant_type, username and password are required");
        }
        if (!"password".equals(grantType)) {
            return oauthError("unsupported_grant_type", "only the password grant is supported");
        }
        if (TextRule.problemWith(username, 0, LoginRequest.MAX_USERNAME_LENGTH) != null
                || TextRule.problemWith(password, 0, LoginRequest.MAX_PASSWORD_LENGTH) != null) {
            // The same rules as the JSON login.
            return oauthError("invalid_request", "username or password is too long or has characters not allowed");
        }
        String clientAddress = clientAddresses.of(request);
        try {
            return ResponseEntity.ok(OAuthTokenResponse
                .bearer(PasswordHashingGate.run(() -> loginService.login(username, password, clientAddress))));
        }
        catch (ValidationException tooLongOnceLowerCased) {
            return oauthError("invalid_request", "username is too long");
        }
        catch (InvalidCredentialsException wrong) {
            return oauthError("invalid_grant", "the username or password is wrong");
        }
        catch (AccountDisabledException disabled) {
            return oauthError("invalid_grant", "this account is disabled");
        }
    }

    /**
     * The token endpoint without a form: credentials in the query string get RFC 6749's
     * invalid_request (rather than a bare 415 that would not say what is wrong); anything else is 415.
     */
    @PostMapping("/token")
    @Hidden
    ResponseEntity<Object> tokenWithoutForm(HttpServletRequest request) throws HttpMediaTypeNotSupportedException {
        if (OAuthQueryParameters.anyIn(request.getQueryString())) {
            return oauthError("invalid_request", "send grant_type, username and password in the form body, "
                    + "never in the query string");
        }
        throw new HttpMediaTypeNotSupportedException(
                "Content-Type '" + request.getContentType() + "' is not supported.");
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Log out everywhere",
            description = "Every token of yours issued up to now stops working at once, on every replica.")
    void logout(@CurrentUser AuthenticatedUser user) {
        userService.revokeTokens(user.id());
    }

    /** A form that does not decode (broken percent-encoding, not UTF-8) is answered in RFC 6749's shape here. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> undecodableForm(InvalidParameterException ex) {
        return oauthError("invalid_request", "the form is not valid percent-encoded UTF-8");
    }

    private static ResponseEntity<Object> oauthError(String error, String description) {
        return ResponseEntity.badRequest().body(new OAuthErrorResponse(error, description));
    }
}
