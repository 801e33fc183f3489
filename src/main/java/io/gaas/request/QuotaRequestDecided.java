package io.gaas.request;

/**
 * Published inside the transaction of an admin's decision (approval or denial), with the request
 * as it is after it, so that listeners write in that same transaction. A withdrawal is not a
 * decision and publishes nothing.
 */
public record QuotaRequestDecided(QuotaRequestResponse request) {
}
