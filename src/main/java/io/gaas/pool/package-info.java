/**
 * GPU pools: one kind of GPU with its capacity and its price per GPU-hour (the weight), the
 * {@code default} pool of v1 clients, and the capacity rule: GPUs are taken and given back in one
 * conditional UPDATE of the pool row, so no replica can put more GPUs to work than a pool has.
 */
package io.gaas.pool;
