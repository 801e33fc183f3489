/**
 * Hours: each user's balance and the immutable ledger of every change to it. Every change is one conditional UPDATE plus one ledger row, in the caller's transaction.
 */
// Knows users by id only, so it depends on no feature.
@ApplicationModule(allowedDependencies = { "config", "web" })
package io.gaas.quota;

import org.springframework.modulith.ApplicationModule;
