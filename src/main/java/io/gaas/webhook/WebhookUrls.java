package io.gaas.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Which URLs a webhook may call. The host is resolved and every address it resolves to is checked,
 * so no spelling of a forbidden address (decimal, octal, IPv4-mapped IPv6, a DNS name pointing at
 * it) gets through: link-local (including the 169.254.169.254 cloud metadata address), other known
 * metadata addresses, 0.0.0.0/8, the unspecified address, multicast, and loopback unless the host is
 * allowed by name. The same check runs when a webhook is saved and before each delivery.
 */
@Component
class WebhookUrls {

    static final int MAX_LENGTH = 2000;

    private final WebhookProperties properties;

    WebhookUrls(WebhookProperties properties) {
        this.properties = properties;
    }

    /** Why {@code url} may not be a webhook's, or empty when it may. */
    Optional<String> problemWith(String url) {
        if (url.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        }
        catch (URISyntaxException notAUrl) {
            return Optional.of("must be an absolute http or https URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            return Optional.of("must not contain user information");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("must be an absolute http or https URL with a host");
        }
        return addressProblem(uri);
    }

    /**
     * Resolves the URL's host and checks every address; at delivery the connection then goes to an
     * address this check has just passed (the JVM's address cache answers the client's own lookup).
     */
    Optional<String> addressProblem(URI uri) {
        String host = hostOf(uri);
        if (!properties.allowedHosts().isEmpty() && !properties.allowedHosts().contains(host)) {
            return Optional.of("host is not in the allowed hosts");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        }
        catch (UnknownHostException | SecurityException unresolvable) {
            return Optional.of("host cannot be resolved");
        }
        return Arrays.stream(addresses).map(address -> forbidden(address, host)).flatMap(Optional::stream).findFirst();
    }

    static String hostOf(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private Optional<String> forbidden(InetAddress resolved, String host) {
        // ::1 is loopback itself, not the IPv4-compatible spelling of 0.0.0.1.
        InetAddress address = resolved.isLoopbackAddress() ? resolved : embeddedIpv4(resolved);
        if (address.isLoopbackAddress()) {
            return properties.allowedHosts().contains(host) ? Optional.empty()
                    : Optional.of("must not point at a loopback address unless its host is allowed");
        }
        if (address.isAnyLocalAddress() || address.isLinkLocalAddress() || address.isMulticastAddress()
                || isInZeroNetwork(address) || isMetadata(address)) {
            return Optional.of("must not point at a link-local, metadata, unspecified or multicast address");
        }
        return Optional.empty();
    }

    /** The IPv4 address inside an IPv4-compatible ({@code ::a.b.c.d}) or NAT64 IPv6 address. */
    private static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] bytes = address.getAddress();
        boolean compatible = allZero(bytes, 0, 12);
        boolean nat64 = bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == (byte) 0xff && bytes[3] == (byte) 0x9b
                && allZero(bytes, 4, 12);
        if ((compatible && !allZero(bytes, 12, 16)) || nat64) {
            try {
                return InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
            }
            catch (UnknownHostException impossible) {
                return address;
            }
        }
        return address;
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isInZeroNetwork(InetAddress address) {
        return address instanceof Inet4Address && address.getAddress()[0] == 0;
    }

    private static final byte[] ALIBABA_METADATA = { 100, 100, 100, (byte) 200 };

    /** fd00:ec2::254, AWS's IPv6 metadata address. */
    private static final byte[] AWS_IPV6_METADATA = { (byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0x02, 0x54 };

    /** Metadata services that are not link-local: Alibaba's 100.100.100.200 and AWS's fd00:ec2::254. */
    private static boolean isMetadata(InetAddress address) {
        byte[] bytes = address.getAddress();
        return Arrays.equals(bytes, ALIBABA_METADATA) || Arrays.equals(bytes, AWS_IPV6_METADATA);
    }
}
