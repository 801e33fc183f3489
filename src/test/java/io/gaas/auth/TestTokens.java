package io.gaas.auth;

import io.gaas.user.User;

/** Mints real tokens with the service's {@link TokenService}, for slice tests in other packages. */
public class TestTokens {

    private final TokenService tokens;

    TestTokens(TokenService tokens) {
        this.tokens = tokens;
    }

    /** The value of an {@code Authorization} header carrying a fresh token for the user. */
    public String bearer(User user) {
        return "Bearer " + tokens.issue(user);
    }
}
