/**
 * Administration endpoints that span features: user listing and updates, ledgers and quota adjustments. Owns no data.
 */
// Administers users and quotas through their services; owns no data.
@ApplicationModule(allowedDependencies = { "web", "quota", "user" })
package io.gaas.admin;

import org.springframework.modulith.ApplicationModule;
