package io.gaas.user;

import java.util.UUID;

/**
 * Published inside the transaction that disables a user, so that what else speaks for the user
 * (personal access tokens) ends in the same transaction, for good.
 */
public record UserDisabled(UUID userId) {
}
