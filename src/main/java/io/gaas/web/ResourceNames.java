package io.gaas.web;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names of pools and projects: 2..32 characters of {@code a-z 0-9 - _}, starting with a letter
 * or digit. Upper-case input is accepted and stored lower-cased, which makes names case-insensitive.
 * The pattern is checked before lower-casing, so no other alphabet's letter can turn into an ASCII
 * one (and the stored form is never longer than the input).
 */
public final class ResourceNames {

    public static final String RULE = "must be 2..32 characters of a-z, 0-9, '-' and '_', starting with a letter or digit";

    /** The rule as a regular expression, for Bean Validation's {@code @Pattern} on request bodies. */
    public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9_-]{1,31}";

    private static final Pattern NAME = Pattern.compile(PATTERN);

    private ResourceNames() {
    }

    /** The stored form of the name, or empty if it cannot be a pool's or a project's name. */
    public static Optional<String> normalize(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of(name.toLowerCase(Locale.ROOT));
    }
}
