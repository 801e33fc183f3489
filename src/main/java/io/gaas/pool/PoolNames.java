package io.gaas.pool;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Pool names: 2..32 characters of {@code a-z 0-9 - _}, starting with a letter or digit. Upper-case
 * input is accepted and stored lower-cased, which makes names case-insensitive. The pattern is
 * checked before lower-casing, so no other alphabet's letter can turn into an ASCII one.
 */
public final class PoolNames {

    public static final String RULE = "must be 2..32 characters of a-z, 0-9, '-' and '_', starting with a letter or digit";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{1,31}");

    private PoolNames() {
    }

    /** The stored form of the name, or empty if it cannot be a pool's name. */
    public static Optional<String> normalize(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of(name.toLowerCase(Locale.ROOT));
    }
}
