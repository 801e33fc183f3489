package io.gaas.job;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;

class IdempotencyKeyReusedException extends ApiException {

    IdempotencyKeyReusedException() {
        super(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                "This Idempotency-Key was already used with a different request body.");
    }
}
