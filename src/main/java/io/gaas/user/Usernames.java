package io.gaas.user;

import java.util.Locale;

/** Usernames are case-insensitive: one canonical, lower-case form is stored and compared. */
public final class Usernames {

    public static final String PATTERN = "^[A-Za-z0-9_.-]{3,32}$";

    /** The name of the service itself in histories and ledgers (1.1): no account may have it. */
    public static final String SYSTEM = "system";

    private Usernames() {
    }

    public static boolean isReserved(String username) {
        return SYSTEM.equalsIgnoreCase(username);
    }

    public static String canonical(String username) {
        return username == null ? null : username.toLowerCase(Locale.ROOT);
    }
}
