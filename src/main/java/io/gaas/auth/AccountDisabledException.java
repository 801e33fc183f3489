package io.gaas.auth;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;

class AccountDisabledException extends ApiException {

    AccountDisabledException() {
        super(ErrorCode.ACCOUNT_DISABLED, "This account is disabled.");
    }
}
