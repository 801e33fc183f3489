package io.gaas.user;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;

class UsernameTakenException extends ApiException {

    UsernameTakenException(String username) {
        super(ErrorCode.USERNAME_TAKEN, "The username '" + username + "' is taken.");
    }
}
