package io.gaas.user;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;

class LastAdminException extends ApiException {

    LastAdminException() {
        super(ErrorCode.LAST_ADMIN,
                "This is the last enabled admin: promote or enable another admin before demoting or disabling it.");
    }
}
