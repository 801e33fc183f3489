/**
 * Accounts: registration, passwords, token revocation (the token version), roles and the enabled flag, and the configured first admin.
 */
package io.gaas.user;
