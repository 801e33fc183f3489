/**
 * Top-up requests: a user asks an admin for more hours, for their own account or for a project
 * they belong to; an admin approves all or part of it (a {@code TOP_UP} ledger entry, in the same
 * transaction) or denies it, or the requester withdraws it. A request leaves OPEN by one conditional
 * UPDATE, so of two decisions at once exactly one wins, on any replica.
 */
// Problems and paging come from web, the clock from config, top-ups from quota, the caller and the
// per-user lock from user, memberships from project.
@ApplicationModule(allowedDependencies = { "config", "web", "quota", "user", "project" })
package io.gaas.request;

import org.springframework.modulith.ApplicationModule;
