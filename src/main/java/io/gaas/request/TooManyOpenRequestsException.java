package io.gaas.request;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;

class TooManyOpenRequestsException extends ApiException {

    TooManyOpenRequestsException(int limit) {
        super(ErrorCode.TOO_MANY_OPEN_REQUESTS, "You already have " + limit
                + " OPEN requests: wait for a decision or withdraw one before asking again.");
    }
}
