/**
 * Authentication: the JWT token service and filter, the security chain, password hashing, and password logins with their database-backed rate limit.
 */
package io.gaas.auth;
