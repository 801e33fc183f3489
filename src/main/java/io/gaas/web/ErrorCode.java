package io.gaas.web;

import java.util.Locale;

import org.springframework.http.HttpStatus;

/**
 * The stable error codes of the API. They are part of the contract: never rename one.
 */
public enum ErrorCode {

    VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "Validation failed"),
    MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "Malformed request"),
    INSUFFICIENT_QUOTA(HttpStatus.BAD_REQUEST, "Insufficient quota"),
    INVALID_CREDENTIALS(HttpStatus.UNAUTHORIZED, "Invalid credentials"),
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Unauthenticated"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "Forbidden"),
    ACCOUNT_DISABLED(HttpStatus.FORBIDDEN, "Account disabled"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    USERNAME_TAKEN(HttpStatus.CONFLICT, "Username taken"),
    INVALID_TRANSITION(HttpStatus.CONFLICT, "Invalid transition"),
    LAST_ADMIN(HttpStatus.CONFLICT, "Last admin"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused"),
    TOO_MANY_REQUESTS(HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
    REGISTRATION_CLOSED(HttpStatus.FORBIDDEN, "Registration closed"),
    TOKEN_NOT_ALLOWED(HttpStatus.FORBIDDEN, "Token not allowed"),
    TOO_MANY_TOKENS(HttpStatus.CONFLICT, "Too many tokens"),
    ALREADY_DECIDED(HttpStatus.CONFLICT, "Already decided"),
    TOO_MANY_OPEN_REQUESTS(HttpStatus.CONFLICT, "Too many open requests"),
    /** The database cannot be reached (or did not answer in time): nothing was changed, try again. */
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),
    POOL_NAME_TAKEN(HttpStatus.CONFLICT, "Pool name taken"),
    POOL_DISABLED(HttpStatus.CONFLICT, "Pool disabled"),
    POOL_AT_CAPACITY(HttpStatus.CONFLICT, "Pool at capacity"),
    WORKER_NAME_TAKEN(HttpStatus.CONFLICT, "Worker name taken"),
    LEASE_LOST(HttpStatus.CONFLICT, "Lease lost"),
    PROJECT_DISABLED(HttpStatus.CONFLICT, "Project disabled"),
    CAP_EXCEEDED(HttpStatus.BAD_REQUEST, "Cap exceeded"),
    PROJECT_NAME_TAKEN(HttpStatus.CONFLICT, "Project name taken"),
    NO_ALLOCATION(HttpStatus.CONFLICT, "No allocation"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private final HttpStatus status;
    private final String title;

    ErrorCode(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** A stable URI per code, e.g. {@code urn:gaas:problem:insufficient-quota}. */
    public String type() {
        // Locale.ROOT: under a Turkish default locale "INVALID" would lower-case to "ınvalıd".
        return "urn:gaas:problem:" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
