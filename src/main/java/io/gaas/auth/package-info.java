/**
 * Authentication: the JWT token service and filter, the security chain, password hashing, and password logins with their database-backed rate limit.
 */
// Authenticates users: it reads and checks them through the user feature, personal tokens through token;
// counts password guesses with the shared throttle.
@ApplicationModule(allowedDependencies = { "config", "web", "user", "token", "throttle" })
package io.gaas.auth;

import org.springframework.modulith.ApplicationModule;
