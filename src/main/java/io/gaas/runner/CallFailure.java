package io.gaas.runner;

import java.time.Duration;

/** Why a call to the service did not succeed, sorted by what the worker should do about it. */
final class CallFailure extends Exception {

    enum Kind {
        /** Network error, timeout, 5xx, 429: try again later. */
        TRANSIENT,
        /** 401 or 403: the token is wrong or was rotated; nothing will work with it. */
        TOKEN_REFUSED,
        /** 409 LEASE_LOST or 404: the job no longer runs on this worker. */
        LEASE_LOST,
        /** Any other answer: the request itself was refused; repeating it will not help. */
        REJECTED
    }

    private final Kind kind;
    private final Duration retryAfter;

    CallFailure(Kind kind, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    Kind kind() {
        return kind;
    }

    /** The server's {@code Retry-After}, or null. */
    Duration retryAfter() {
        return retryAfter;
    }
}
