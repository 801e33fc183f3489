package io.gaas.web;

import java.io.IOException;
import java.util.Locale;

import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The scheme the client used, from {@code X-Forwarded-Proto}, believed only from a trusted proxy
 * ({@code GAAS_TRUSTED_PROXIES}), the same rule that decides the client address. It is used where
 * the service builds an absolute URL from the request and for {@code isSecure()} (HSTS). Behind a
 * TLS-terminating proxy the connection to the service is plain HTTP, and the scheme would be wrong
 * without it. The host and port come from the {@code Host} header that the proxy passes on; the
 * peer address is never rewritten (see {@link ClientAddresses}).
 *
 * <p>This replaces the servlet container's forwarded-header handling, which would also rewrite the
 * peer address from {@code X-Forwarded-For} by a rule of its own (any private address trusted).
 */
public class ForwardedSchemeFilter extends OncePerRequestFilter {

    static final String FORWARDED_PROTO = "X-Forwarded-Proto";

    private final ClientAddresses clientAddresses;

    public ForwardedSchemeFilter(ClientAddresses clientAddresses) {
        this.clientAddresses = clientAddresses;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String scheme = forwardedScheme(request);
        if (scheme == null || scheme.equals(request.getScheme()) || !clientAddresses.peerIsTrusted(request)) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(new ForwardedSchemeRequest(request, scheme), response);
    }

    /** The first value (the hop nearest the client), if it is http or https; anything else is ignored. */
    private static String forwardedScheme(HttpServletRequest request) {
        String header = request.getHeader(FORWARDED_PROTO);
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        String first = (comma < 0 ? header : header.substring(0, comma)).strip().toLowerCase(Locale.ROOT);
        return first.equals("http") || first.equals("https") ? first : null;
    }

    private static final class ForwardedSchemeRequest extends HttpServletRequestWrapper {

        private final String scheme;
        private final int port;

        ForwardedSchemeRequest(HttpServletRequest request, String scheme) {
            super(request);
            this.scheme = scheme;
            this.port = hostHasPort(request) ? request.getServerPort() : scheme.equals("https") ? 443 : 80;
        }

        /** {@code Host: example.org:8443} names a port; {@code Host: example.org} or {@code [::1]} does not. */
        private static boolean hostHasPort(HttpServletRequest request) {
            String host = request.getHeader("Host");
            if (host == null) {
                return false;
            }
            int colon = host.lastIndexOf(':');
            return colon >= 0 && colon > host.lastIndexOf(']');
        }

        @Override
        public String getScheme() {
            return scheme;
        }

        @Override
        public boolean isSecure() {
            return scheme.equals("https");
        }

        @Override
        public int getServerPort() {
            return port;
        }

        @Override
        public StringBuffer getRequestURL() {
            StringBuffer url = new StringBuffer(scheme).append("://").append(getServerName());
            if (!(scheme.equals("https") && port == 443) && !(scheme.equals("http") && port == 80)) {
                url.append(':').append(port);
            }
            return url.append(getRequestURI());
        }
    }
}
