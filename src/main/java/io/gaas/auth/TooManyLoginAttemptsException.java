package io.gaas.auth;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;
import io.gaas.web.RetryAfterException;

class TooManyLoginAttemptsException extends ApiException implements RetryAfterException {

    private final long retryAfterSeconds;

    TooManyLoginAttemptsException(long retryAfterSeconds, boolean wholeAddress) {
        super(ErrorCode.TOO_MANY_REQUESTS, (wholeAddress ? "Too many failed logins from your address"
                : "Too many failed logins for this username from your address") + ". Try again in "
                + retryAfterSeconds + " seconds.");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
