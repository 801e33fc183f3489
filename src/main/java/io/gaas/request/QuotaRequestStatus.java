package io.gaas.request;

/** Where a top-up request stands: OPEN until an admin decides it or its requester withdraws it. */
public enum QuotaRequestStatus {
    OPEN, APPROVED, DENIED, WITHDRAWN
}
