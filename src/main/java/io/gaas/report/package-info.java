/**
 * Usage reports: GPU-hours charged and refunded in a window, grouped by user, project, pool or day, from the ledger.
 */
// Reads the ledger and the jobs in one SQL aggregation (see TableOwnershipTests); the caller comes from user,
// the projects they manage (whose entries they see) from project.
@ApplicationModule(allowedDependencies = { "config", "web", "user", "project" })
package io.gaas.report;

import org.springframework.modulith.ApplicationModule;
