/**
 * Personal access tokens: long-lived bearer tokens for scripts, created and revoked by their user (and by admins), stored only as hashes, and verified for the authentication filter in one query.
 */
// Tokens belong to users: it locks and reads them through the user feature.
@ApplicationModule(allowedDependencies = { "config", "web", "user" })
package io.gaas.token;

import org.springframework.modulith.ApplicationModule;
