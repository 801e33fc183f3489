package io.gaas.user;

/** The password rule (NIST SP 800-63B): a length, no composition rules. */
public final class Passwords {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 128;

    private Passwords() {
    }
}
