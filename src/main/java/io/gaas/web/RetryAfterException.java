package io.gaas.web;

/** An error that tells the client how many seconds to wait: answered with {@code Retry-After}. */
public interface RetryAfterException {

    long retryAfterSeconds();
}
