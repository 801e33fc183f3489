package io.gaas.pool;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;

/** Starting the job would put more GPUs to work in its pool than the pool has. */
public class PoolAtCapacityException extends ApiException {

    public PoolAtCapacityException() {
        super(ErrorCode.POOL_AT_CAPACITY, "The job's pool has fewer free GPUs than the job needs.");
    }
}
