/**
 * Accounts: registration, passwords, token revocation (the token version), roles and the enabled flag, and the configured first admin.
 */
// Opens a new user's quota account and shows the balance and ledger with the account.
@ApplicationModule(allowedDependencies = { "config", "web", "quota" })
package io.gaas.user;

import org.springframework.modulith.ApplicationModule;
