package io.gaas.job;

import java.util.Map;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;

class InvalidTransitionException extends ApiException {

    InvalidTransitionException(JobStatus from, JobStatus to) {
        super(ErrorCode.INVALID_TRANSITION, "A job cannot move from " + from + " to " + to + ".",
                Map.of("currentStatus", from.name(), "requestedStatus", to.name()));
    }

    InvalidTransitionException(String detail) {
        super(ErrorCode.INVALID_TRANSITION, detail);
    }
}
