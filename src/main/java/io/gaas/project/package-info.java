/**
 * Projects: teams with hours of their own. A project's account lives in quota like a user's (its
 * id is the project's); members spend it, managers approve their jobs, and a cap per member limits
 * what one of them may spend in the current window.
 */
// Problems and paging come from web, the clock from config, accounts from quota, users from user.
@ApplicationModule(allowedDependencies = { "config", "web", "quota", "user" })
package io.gaas.project;

import org.springframework.modulith.ApplicationModule;
