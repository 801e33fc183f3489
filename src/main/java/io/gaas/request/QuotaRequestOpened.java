package io.gaas.request;

/**
 * Published inside the transaction that opens a request, so that listeners (the webhook outbox)
 * write in that same transaction and nothing is recorded for one that rolls back.
 */
public record QuotaRequestOpened(QuotaRequestResponse request) {
}
