package io.gaas.web;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The client address of a request, as the API defines it: the connection's peer, or, only when
 * the peer is a trusted proxy, the last address in {@code X-Forwarded-For} that is not a trusted
 * proxy. Anyone can send the header, so an untrusted peer's is ignored; a header that is not a
 * plain list of IP addresses is ignored too (the peer is used). IPv6 addresses count per /64,
 * the block one host usually has, so that a client cannot step around a limit by changing its
 * interface identifier.
 */
@Component
public class ClientAddresses {

    static final String FORWARDED_FOR = "X-Forwarded-For";

    /** An IP literal: digits and dots, or hex digits and colons (with an optional dotted tail). */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]{2,39}(\\d{1,3}(\\.\\d{1,3}){3})?");

    private final List<Cidr> trusted;

    ClientAddresses(TrustedProxiesProperties properties) {
        List<Cidr> cidrs = new ArrayList<>();
        for (String entry : properties.trustedProxies()) {
            if (!entry.isBlank()) {
                cidrs.add(Cidr.parse(entry.strip()));
            }
        }
        this.trusted = List.copyOf(cidrs);
    }

    /** The key a per-client limit counts under: an IPv4 address, or an IPv6 /64 such as {@code 2001:db8:0:1::/64}. */
    public String of(HttpServletRequest request) {
        return key(resolve(request));
    }

    /** Whether the connection's peer is a trusted proxy, whose forwarded headers are believed. */
    public boolean peerIsTrusted(HttpServletRequest request) {
        return parse(request.getRemoteAddr()).map(this::isTrusted).orElse(false);
    }

    InetAddress resolve(HttpServletRequest request) {
        InetAddress peer = parse(request.getRemoteAddr()).orElse(null);
        if (peer == null) {
            return InetAddress.getLoopbackAddress(); // cannot happen with a real connection
        }
        if (!isTrusted(peer)) {
            return peer;
        }
        List<String> headers = Collections.list(request.getHeaders(FORWARDED_FOR));
        if (headers.isEmpty()) {
            return peer;
        }
        List<InetAddress> hops = new ArrayList<>();
        for (String header : headers) {
            for (String hop : header.split(",", -1)) {
                Optional<InetAddress> address = parse(hop.strip());
                if (address.isEmpty()) {
                    return peer; // malformed: believe none of it
                }
                hops.add(address.get());
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!isTrusted(hops.get(i))) {
                return hops.get(i);
            }
        }
        return hops.getFirst(); // every hop is a trusted proxy: the first one is the nearest to the client
    }

    private boolean isTrusted(InetAddress address) {
        return trusted.stream().anyMatch(cidr -> cidr.contains(address));
    }

    static String key(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return prefix.append(":/64").toString();
        }
        return address.getHostAddress();
    }

    /** An IP literal, never a host name (no DNS lookup is ever made). */
    static Optional<InetAddress> parse(String text) {
        if (text == null || !(IPV4.matcher(text).matches() || (text.indexOf(':') >= 0 && IPV6.matcher(text).matches()))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        }
        catch (UnknownHostException | IllegalArgumentException | SecurityException malformed) {
            return Optional.empty();
        }
    }

    /** A block of addresses, {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a block of one. */
    record Cidr(byte[] network, int prefixLength) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            InetAddress parsed = ClientAddresses.parse(address)
                .orElseThrow(() -> new IllegalStateException("GAAS_TRUSTED_PROXIES: '" + text + "' is not a CIDR"));
            int bits = parsed.getAddress().length * 8;
            int length;
            try {
                length = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
            }
            catch (NumberFormatException notANumber) {
                throw new IllegalStateException("GAAS_TRUSTED_PROXIES: '" + text + "' is not a CIDR");
            }
            if (length < 0 || length > bits) {
                throw new IllegalStateException("GAAS_TRUSTED_PROXIES: '" + text + "' has a prefix out of range");
            }
            return new Cidr(parsed.getAddress(), length);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int full = prefixLength / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixLength % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (candidate[full] & mask) == (network[full] & mask);
        }
    }
}
