/**
 * GPU pools: one kind of GPU with its capacity and its price per GPU-hour (the weight), the
 * {@code default} pool of v1 clients, and the capacity rule: GPUs are taken and given back in one
 * conditional UPDATE of the pool row, so no replica can put more GPUs to work than a pool has.
 */
// Problems and paging come from web, the clock from config, exact hours from quota.
@ApplicationModule(allowedDependencies = { "config", "web", "quota" })
package io.gaas.pool;

import org.springframework.modulith.ApplicationModule;
