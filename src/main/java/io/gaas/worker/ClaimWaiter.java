package io.gaas.worker;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The long poll of a claim: tries at once, then again at least once a second until a job comes or
 * {@code waitSeconds} are up. Between attempts it holds no transaction and no connection (a
 * sleeping virtual thread costs next to nothing), and each attempt reads the database afresh, so a
 * job approved on another replica is seen within a second. When the service shuts down, every wait
 * ends at once with nothing, so that graceful shutdown is not held up by idle workers.
 */
@Component
class ClaimWaiter implements SmartLifecycle {

    static final long RECHECK_MILLIS = 1000;

    private final WorkerProtocol protocol;
    private final long recheckMillis;
    // A latch rather than Object.wait: a virtual thread waiting in a monitor pins its carrier on Java 21.
    private volatile CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running;

    @Autowired
    ClaimWaiter(WorkerProtocol protocol) {
        this(protocol, RECHECK_MILLIS);
    }

    ClaimWaiter(WorkerProtocol protocol, long recheckMillis) {
        this.protocol = protocol;
        this.recheckMillis = recheckMillis;
    }

    Optional<ClaimResponse> claim(AuthenticatedWorker worker, ClaimRequest request) {
        WorkerProtocol.checkClaim(worker, request);
        if (!worker.enabled()) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(request.waitSecondsOrDefault());
        while (true) {
            WorkerProtocol.Attempt attempt = protocol.claimOnce(worker, request.freeGpus());
            if (attempt.claimed() != null) {
                WorkerMetrics.claimed(attempt.claimed().job().pool());
                return Optional.of(attempt.claimed());
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (attempt.draining() || left <= 0 || !running) {
                return Optional.empty();
            }
            if (!pause(Math.min(left, recheckMillis))) {
                return Optional.empty();
            }
        }
    }

    /** @return false when the service is stopping (or the thread was interrupted) */
    private boolean pause(long millis) {
        try {
            return !stopped.await(millis, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void start() {
        stopped = new CountDownLatch(1);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        stopped.countDown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped before the web server's graceful shutdown waits for the requests in flight. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
