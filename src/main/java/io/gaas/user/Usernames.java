package io.gaas.user;

import java.util.Locale;

/** Usernames are case-insensitive: one canonical, lower-case form is stored and compared. */
public final class Usernames {

    public static final String PATTERN = "^[A-Za-z0-9_.-]{3,32}$";

    private Usernames() {
    }

    public static String canonical(String username) {
        return username == null ? null : username.toLowerCase(Locale.ROOT);
    }
}
