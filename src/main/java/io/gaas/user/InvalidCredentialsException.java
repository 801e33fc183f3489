package io.gaas.user;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;

public class InvalidCredentialsException extends ApiException {

    public InvalidCredentialsException() {
        super(ErrorCode.INVALID_CREDENTIALS, "The username or password is wrong.");
    }
}
