/**
 * Limits counted in the database, so that every replica counts together: one lock row per counted
 * key serialises the attempts that share it, and a sliding window says how long a refused one waits.
 * Self-registrations (per client address) and password guesses (per username and address) count here.
 */
// A building block under the features: it depends on none of them.
@ApplicationModule(allowedDependencies = {})
package io.gaas.throttle;

import org.springframework.modulith.ApplicationModule;
