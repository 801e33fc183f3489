package io.gaas.request;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;

class AlreadyDecidedException extends ApiException {

    AlreadyDecidedException(QuotaRequestStatus status) {
        super(ErrorCode.ALREADY_DECIDED, "This request is " + status + ", no longer OPEN.");
    }
}
