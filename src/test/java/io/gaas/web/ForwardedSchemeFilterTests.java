package io.gaas.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import jakarta.servlet.http.HttpServletRequest;

class ForwardedSchemeFilterTests {

    private static final ForwardedSchemeFilter FILTER = new ForwardedSchemeFilter(
            new ClientAddresses(new TrustedProxiesProperties(List.of("172.28.0.10/32"))));

    private static final String PROXY = "172.28.0.10";

    @Test
    void filterWhenTheTrustedProxySaysHttpsThenTheRequestIsSecureOnThePortOfItsHost() throws Exception {
        HttpServletRequest seen = filter(request(PROXY, "gaas.example.org", "https"));

        assertThat(seen.getScheme()).isEqualTo("https");
        assertThat(seen.isSecure()).isTrue();
        assertThat(seen.getServerPort()).isEqualTo(443);
        assertThat(seen.getRequestURL()).hasToString("https://gaas.example.org/api/v1/auth/token");
        assertThat(seen.getRemoteAddr()).as("the peer is never rewritten").isEqualTo(PROXY);
    }

    @Test
    void filterWhenTheHostNamesAPortThenThatPortIsKept() throws Exception {
        HttpServletRequest seen = filter(request(PROXY, "gaas.example.org:8443", "https"));

        assertThat(seen.getServerPort()).isEqualTo(8443);
        assertThat(seen.getRequestURL()).hasToString("https://gaas.example.org:8443/api/v1/auth/token");
    }

    @Test
    void filterWhenTheHostIsABareIpv6LiteralThenItHasNoPort() throws Exception {
        MockHttpServletRequest request = request(PROXY, "[2001:db8::1]", "https");
        request.setServerName("[2001:db8::1]");

        assertThat(filter(request).getServerPort()).isEqualTo(443);
    }

    @Test
    void filterWhenSeveralProxiesListedSchemesThenTheFirstTheClientsOneCounts() throws Exception {
        assertThat(filter(request(PROXY, "gaas.example.org", "HTTPS , http")).getScheme()).isEqualTo("https");
    }

    @Test
    void filterWhenThePeerIsNotATrustedProxyThenTheHeaderIsIgnored() throws Exception {
        HttpServletRequest seen = filter(request("203.0.113.9", "gaas.example.org", "https"));

        assertThat(seen.getScheme()).isEqualTo("http");
        assertThat(seen.isSecure()).isFalse();
        assertThat(seen.getServerPort()).isEqualTo(80);
    }

    @Test
    void filterWhenTheValueIsNotHttpOrHttpsThenTheHeaderIsIgnored() throws Exception {
        for (String value : new String[] { "javascript", "", " ", "https:", ",https", "ftp" }) {
            assertThat(filter(request(PROXY, "gaas.example.org", value)).getScheme()).as(value).isEqualTo("http");
        }
    }

    @Test
    void filterWhenNoHeaderThenTheRequestPassesUnchanged() throws Exception {
        MockHttpServletRequest request = request(PROXY, "gaas.example.org", null);

        assertThat(filter(request)).isSameAs(request);
    }

    private static MockHttpServletRequest request(String peer, String host, String forwardedProto) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/auth/token");
        request.setRemoteAddr(peer);
        request.addHeader("Host", host);
        request.setServerName(host.replaceFirst(":\\d+$", ""));
        request.setServerPort(host.matches(".*:\\d+$") ? Integer.parseInt(host.replaceFirst(".*:", "")) : 80);
        if (forwardedProto != null) {
            request.addHeader(ForwardedSchemeFilter.FORWARDED_PROTO, forwardedProto);
        }
        return request;
    }

    private static HttpServletRequest filter(MockHttpServletRequest request) throws Exception {
        MockFilterChain chain = new MockFilterChain();
        FILTER.doFilter(request, new MockHttpServletResponse(), chain);
        return (HttpServletRequest) chain.getRequest();
    }
}
