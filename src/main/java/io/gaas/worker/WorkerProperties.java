package io.gaas.worker;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gaas.worker.lease} (env {@code GAAS_WORKER_LEASE}): how long a claim or heartbeat keeps a
 * job on its worker. At least 5 s; the service refuses to start with less.
 */
@ConfigurationProperties("gaas.worker")
record WorkerProperties(@DefaultValue("PT60S") Duration lease) {

    static final Duration MIN_LEASE = Duration.ofSeconds(5);
    /** The worker's kill grace at the time limit (TERM, then KILL after 10 s), and some room for its report. */
    static final Duration KILL_GRACE = Duration.ofSeconds(10);
    static final Duration MIN_TIME_LIMIT_ROOM = Duration.ofSeconds(30);

    WorkerProperties {
        if (lease == null || lease.compareTo(MIN_LEASE) < 0) {
            throw new IllegalArgumentException("GAAS_WORKER_LEASE must be at least PT5S, but it is " + lease);
        }
    }

    /** What a worker is told: a third of the lease, in whole seconds, at least 1. */
    long heartbeatSeconds() {
        return Math.max(1, lease.toSeconds() / 3);
    }

    /**
     * How long after its claim a job may still run: its time limit, then max(lease, 30 s) and the
     * worker's 10 s kill grace. The service never ends a heartbeating job earlier than that.
     */
    Duration runAllowance(long timeLimitSeconds) {
        Duration room = lease.compareTo(MIN_TIME_LIMIT_ROOM) > 0 ? lease : MIN_TIME_LIMIT_ROOM;
        return Duration.ofSeconds(timeLimitSeconds).plus(room).plus(KILL_GRACE);
    }

    /** How often the sweeper looks: often enough to end an expired lease within a third of the lease. */
    Duration sweepInterval() {
        return lease.dividedBy(6);
    }
}
