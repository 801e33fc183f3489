package io.gaas.request;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;

/** Someone who may see a request (a project manager, an admin) but did not make it tries to withdraw it. */
class NotTheRequesterException extends ApiException {

    NotTheRequesterException() {
        super(ErrorCode.FORBIDDEN, "Only the requester can withdraw a request.");
    }
}
