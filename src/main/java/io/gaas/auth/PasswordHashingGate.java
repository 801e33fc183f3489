package io.gaas.auth;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Lets at most two password checks per processor run at once. Registration and the password change
 * hash while their transaction holds a pooled connection (and a row lock). With more of them at once
 * than the cores can hash, the others only wait for a core while holding their connections, and a
 * burst empties the pool for every other request (requests then fail after the pool's connection
 * timeout). Waiting here, before the transaction, costs no connection. (A login counts its attempt
 * first and then hashes holding nothing, but a burst of logins still competes for the same cores.)
 * Two per core, not one, so that a core has a hash to run while another login waits for the database.
 * Registration, login, the token endpoint and the password change all hash, so all pass through here.
 */
final class PasswordHashingGate {

    private static final Semaphore PERMITS = new Semaphore(2 * Runtime.getRuntime().availableProcessors(), true);

    private PasswordHashingGate() {
    }

    /** Free slots now: for tests that check a path takes one. */
    static int availablePermits() {
        return PERMITS.availablePermits();
    }

    static <T> T run(Supplier<T> hashingWork) {
        PERMITS.acquireUninterruptibly();
        try {
            return hashingWork.get();
        }
        finally {
            PERMITS.release();
        }
    }
}
