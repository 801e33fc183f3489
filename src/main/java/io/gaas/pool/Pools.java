package io.gaas.pool;

import java.util.UUID;

/** The pool that a migration creates and that every job naming no pool goes to. */
public final class Pools {

    public static final String DEFAULT_NAME = "default";
    public static final UUID DEFAULT_ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

    private Pools() {
    }
}
