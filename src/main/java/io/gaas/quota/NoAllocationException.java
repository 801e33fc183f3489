package io.gaas.quota;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;

/** A manual refill of an account that has no allocation to refill from. */
public class NoAllocationException extends ApiException {

    NoAllocationException() {
        super(ErrorCode.NO_ALLOCATION, "This account has no allocation to refill from.");
    }
}
