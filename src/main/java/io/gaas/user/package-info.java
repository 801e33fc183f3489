/**
 * Accounts: registration, passwords, token revocation (the token version), roles and the enabled flag, and the configured first admin.
 */
// Opens a new user's quota account and shows the balance and ledger with the account; counts
// registrations per address with the shared throttle.
@ApplicationModule(allowedDependencies = { "config", "web", "quota", "throttle" })
package io.gaas.user;

import org.springframework.modulith.ApplicationModule;
