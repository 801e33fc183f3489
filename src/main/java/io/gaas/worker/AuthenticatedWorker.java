package io.gaas.worker;

import java.util.UUID;

/** The worker behind a request's token, as read from the database for that request. */
record AuthenticatedWorker(UUID id, String name, UUID poolId, int gpus, boolean enabled) {

    /** How the worker appears in histories and ledgers. */
    String actor() {
        return "worker:" + name;
    }
}
