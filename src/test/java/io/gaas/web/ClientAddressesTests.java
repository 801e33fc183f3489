package io.gaas.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressesTests {

    private static final ClientAddresses BEHIND_PROXY = new ClientAddresses(
            new TrustedProxiesProperties(List.of("10.0.0.0/8", " 192.168.1.1 ", "fd00::/8", "")));

    private static final ClientAddresses DIRECT = new ClientAddresses(new TrustedProxiesProperties(List.of()));

    private static MockHttpServletRequest from(String peer, String... forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(peer);
        for (String header : forwardedFor) {
            request.addHeader("X-Forwarded-For", header);
        }
        return request;
    }

    @Test
    void ofWhenPeerIsNotATrustedProxyThenThePeerWhateverTheHeaderSays() {
        assertThat(DIRECT.of(from("203.0.113.9", "198.51.100.1"))).isEqualTo("203.0.113.9");
        assertThat(BEHIND_PROXY.of(from("203.0.113.9", "198.51.100.1"))).isEqualTo("203.0.113.9");
        assertThat(BEHIND_PROXY.of(from("192.168.1.2", "198.51.100.1"))).as("a neighbour of the proxy")
            .isEqualTo("192.168.1.2");
    }

    @Test
    void ofWhenPeerIsATrustedProxyThenTheLastHopThatIsNotOne() {
        assertThat(BEHIND_PROXY.of(from("10.1.2.3", "198.51.100.1"))).isEqualTo("198.51.100.1");
        assertThat(BEHIND_PROXY.of(from("10.1.2.3", "6.6.6.6, 198.51.100.1, 10.9.9.9, 192.168.1.1")))
            .as("what the client wrote itself (6.6.6.6) is not believed").isEqualTo("198.51.100.1");
        assertThat(BEHIND_PROXY.of(from("10.1.2.3", "6.6.6.6", "198.51.100.1, 10.9.9.9")))
            .as("several headers are one list").isEqualTo("198.51.100.1");
        assertThat(BEHIND_PROXY.of(from("10.1.2.3"))).as("no header: the proxy itself").isEqualTo("10.1.2.3");
        assertThat(BEHIND_PROXY.of(from("10.1.2.3", "10.4.4.4, 10.5.5.5"))).as("only proxies: the first")
            .isEqualTo("10.4.4.4");
    }

    @Test
    void ofWhenHeaderHasManyHopsThenTheLastOneThatIsNotAProxy() {
        StringBuilder hops = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            hops.append("198.51.").append(i % 250).append('.').append(i % 200).append(", ");
        }
        hops.append("203.0.113.77, 10.0.0.1");

        assertThat(BEHIND_PROXY.of(from("10.1.2.3", hops.toString()))).isEqualTo("203.0.113.77");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "unknown", "198.51.100.1, ", "198.51.100.1,,10.0.0.1", "example.com",
            "198.51.100.1:8080", "[2001:db8::1]", "999.1.1.1", "1.2.3", "198.51.100.1; 10.0.0.1", "2001:db8::zz",
            "localhost", "::ffff:example.com", "_gateway" })
    void ofWhenHeaderIsMalformedThenThePeer(String header) {
        assertThat(BEHIND_PROXY.of(from("10.1.2.3", header))).isEqualTo("10.1.2.3");
    }

    @Test
    void ofWhenAddressIsIpv6ThenCountedPerSlash64() {
        String one = BEHIND_PROXY.of(from("10.1.2.3", "2001:db8:1:2::1"));
        String sameNetwork = BEHIND_PROXY.of(from("10.1.2.3", "2001:db8:1:2:ffff:eeee:dddd:cccc"));
        String nextNetwork = BEHIND_PROXY.of(from("10.1.2.3", "2001:db8:1:3::1"));

        assertThat(one).isEqualTo("2001:db8:1:2::/64").isEqualTo(sameNetwork);
        assertThat(nextNetwork).isEqualTo("2001:db8:1:3::/64");
        assertThat(DIRECT.of(from("0:0:0:0:0:0:0:1"))).isEqualTo("0:0:0:0::/64");
        assertThat(BEHIND_PROXY.of(from("fd00::5", "198.51.100.1"))).as("an IPv6 proxy").isEqualTo("198.51.100.1");
        assertThat(BEHIND_PROXY.of(from("10.1.2.3", "::ffff:198.51.100.9"))).as("IPv4-mapped is IPv4")
            .isEqualTo("198.51.100.9");
    }

    @ParameterizedTest
    @ValueSource(strings = { "10.0.0.0/33", "10.0.0.0/x", "example.com/8", "10.0.0/8", "fd00::/129" })
    void constructWhenATrustedProxyIsNotACidrThenRefusedAtStart(String cidr) {
        assertThatThrownBy(() -> new ClientAddresses(new TrustedProxiesProperties(List.of(cidr))))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("GAAS_TRUSTED_PROXIES");
    }
}
