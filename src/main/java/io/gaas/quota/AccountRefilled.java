package io.gaas.quota;

import java.time.Instant;
import java.util.UUID;

/**
 * An account began a new allocation period at {@code at}, published inside the refill's transaction
 * while the account's row is locked: listeners that reset per-period state (a project's members'
 * spending) do it atomically with the refill, in the lock order account, then their own rows.
 */
public record AccountRefilled(UUID accountId, AccountType type, Instant at) {
}
