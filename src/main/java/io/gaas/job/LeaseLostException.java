package io.gaas.job;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;

/** A worker's heartbeat or finish for a job that is no longer running on that worker. */
class LeaseLostException extends ApiException {

    LeaseLostException() {
        super(ErrorCode.LEASE_LOST, "This job is no longer running on this worker: stop it and do not report it.");
    }
}
