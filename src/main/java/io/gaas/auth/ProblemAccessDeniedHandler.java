package io.gaas.auth;

import java.io.IOException;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

import io.gaas.web.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * 403 for an authenticated caller: {@code TOKEN_NOT_ALLOWED} when the kind of token is what is
 * refused (see {@link TokenKindRules}), else {@code FORBIDDEN} (the caller lacks the role).
 */
class ProblemAccessDeniedHandler implements AccessDeniedHandler {

    private final ProblemResponseWriter writer;

    ProblemAccessDeniedHandler(ProblemResponseWriter writer) {
        this.writer = writer;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
            throws IOException {
        if (ex instanceof AuthorizationDeniedException denied
                && denied.getAuthorizationResult() instanceof TokenKindRules.TokenNotAllowed) {
            writer.write(request, response, ErrorCode.TOKEN_NOT_ALLOWED,
                    "This kind of token cannot be used here: log in with your password for this.");
            return;
        }
        writer.write(request, response, ErrorCode.FORBIDDEN, "You are not allowed to do this.");
    }
}
