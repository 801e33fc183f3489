package io.gaas.web;

/**
 * The text rule of {@link StorableText}, for values that do not come in a validated body: query
 * parameters, headers, form fields.
 */
public final class TextRule {

    private TextRule() {
    }

    /**
     * What is wrong with the text, or {@code null} if nothing (or if it is {@code null}). For values
     * outside a request body: query parameters, headers, form fields.
     */
    public static String problemWith(String value, int min, int max) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                return "must not contain NUL characters";
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            }
            else if (Character.isSurrogate(c)) {
                return "must be valid Unicode text (it has an unpaired surrogate)";
            }
        }
        int characters = value.codePointCount(0, value.length());
        if (characters < min || characters > max) {
            if (max == Integer.MAX_VALUE) {
                return "must be at least " + min + " characters";
            }
            return min == 0 ? "must be at most " + max + " characters"
                    : "must be " + min + ".." + max + " characters";
        }
        return null;
    }

    /** Throws {@link ValidationException} naming {@code field} if the text breaks the rule. */
    public static void check(String field, String value, int max) {
        String problem = problemWith(value, 0, max);
        if (problem != null) {
            throw new ValidationException(field, problem);
        }
    }
}
