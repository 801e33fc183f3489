package io.gaas.user;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;

class RegistrationClosedException extends ApiException {

    RegistrationClosedException() {
        super(ErrorCode.REGISTRATION_CLOSED, "Registration is closed: ask an admin for an account.");
    }
}
