/**
 * Workers: the GPU machines that run jobs. Their admin API and opaque tokens, the worker protocol
 * under {@code /api/v1/worker/} (claim, heartbeat, finish), and the lease sweeper that ends jobs
 * whose worker went silent or that overran their time limit.
 */
package io.gaas.worker;
