package io.gaas.pool;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;

/** A submission to a pool that an admin has disabled. */
public class PoolDisabledException extends ApiException {

    public PoolDisabledException(String pool) {
        super(ErrorCode.POOL_DISABLED, "The pool '" + pool + "' is disabled and takes no new jobs.");
    }
}
