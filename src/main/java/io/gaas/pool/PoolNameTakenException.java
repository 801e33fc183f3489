package io.gaas.pool;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;

class PoolNameTakenException extends ApiException {

    PoolNameTakenException(String name) {
        super(ErrorCode.POOL_NAME_TAKEN, "A pool named '" + name + "' exists.");
    }
}
