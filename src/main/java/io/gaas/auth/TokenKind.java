package io.gaas.auth;

/**
 * The kinds of bearer token, told apart by their prefix before any database read: worker tokens
 * ({@code gaasw_...}), and the service's login JWTs (anything else).
 */
public enum TokenKind {

    /** A login JWT: speaks for a user. */
    USER,
    /** A worker token: speaks for a GPU machine, and only under {@code /api/v1/worker/}. */
    WORKER;

    static final String WORKER_PATHS = "/api/v1/worker/";

    /**
     * What each kind of token may call: the one table of it. A worker token works only under
     * {@code /api/v1/worker/}; a user's token works everywhere else.
     */
    boolean mayCall(String path) {
        boolean workerPath = path.startsWith(WORKER_PATHS);
        return this == WORKER ? workerPath : !workerPath;
    }
}
