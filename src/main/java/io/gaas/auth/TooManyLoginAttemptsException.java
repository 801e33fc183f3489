package io.gaas.auth;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;
import io.gaas.web.RetryAfterException;

class TooManyLoginAttemptsException extends ApiException implements RetryAfterException {

    private final long retryAfterSeconds;

    TooManyLoginAttemptsException(long retryAfterSeconds) {
        super(ErrorCode.TOO_MANY_REQUESTS, "Too many wrong passwords for this username. Try again in "
                + retryAfterSeconds + " seconds.");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
