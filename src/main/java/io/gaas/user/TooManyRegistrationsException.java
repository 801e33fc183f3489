package io.gaas.user;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;
import io.gaas.web.RetryAfterException;

class TooManyRegistrationsException extends ApiException implements RetryAfterException {

    private final long retryAfterSeconds;

    TooManyRegistrationsException(long retryAfterSeconds) {
        super(ErrorCode.TOO_MANY_REQUESTS,
                "Too many registrations from your address. Try again in " + retryAfterSeconds + " seconds.");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
