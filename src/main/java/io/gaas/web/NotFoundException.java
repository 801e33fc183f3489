package io.gaas.web;

/** A resource that does not exist, or that the caller may not know exists. */
public class NotFoundException extends ApiException {

    public NotFoundException(String detail) {
        super(ErrorCode.NOT_FOUND, detail);
    }
}
