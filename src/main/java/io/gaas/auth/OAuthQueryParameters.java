package io.gaas.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Finds token-request parameters in a query string. RFC 6749 §4.3.2 puts them in the form body;
 * a password in the URL ends up in proxy and access logs, so the endpoint refuses it rather than
 * quietly using it.
 */
final class OAuthQueryParameters {

    private static final Set<String> CREDENTIALS = Set.of("grant_type", "username", "password", "client_id",
            "client_secret", "scope", "refresh_token");

    private OAuthQueryParameters() {
    }

    /** Whether the query string names any token parameter (or cannot be read, which counts as yes). */
    static boolean anyIn(String queryString) {
        if (queryString == null || queryString.isEmpty()) {
            return false;
        }
        for (String pair : queryString.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            try {
                if (CREDENTIALS.contains(URLDecoder.decode(name, StandardCharsets.UTF_8).strip().toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
            catch (IllegalArgumentException unreadable) {
                return true;
            }
        }
        return false;
    }
}
