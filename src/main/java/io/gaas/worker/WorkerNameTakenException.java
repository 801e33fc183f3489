package io.gaas.worker;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;

class WorkerNameTakenException extends ApiException {

    WorkerNameTakenException(String name) {
        super(ErrorCode.WORKER_NAME_TAKEN, "The worker name '" + name + "' is taken.");
    }
}
