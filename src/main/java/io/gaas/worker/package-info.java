/**
 * Workers: the GPU machines that run jobs. Their admin API and opaque tokens, the worker protocol
 * under {@code /api/v1/worker/} (claim, heartbeat, finish), and the lease sweeper that ends jobs
 * whose worker went silent or that overran their time limit.
 */
// Runs jobs through the job feature's JobRuns, takes GPUs through pool, plugs its tokens into auth's
// filter; problems from web, the clock from config.
@ApplicationModule(allowedDependencies = { "config", "web", "auth", "job", "pool" })
package io.gaas.worker;

import org.springframework.modulith.ApplicationModule;
