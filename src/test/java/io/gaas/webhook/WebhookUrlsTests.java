package io.gaas.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookUrlsTests {

    private static WebhookUrls urls(List<String> allowedHosts) {
        return new WebhookUrls(new WebhookProperties(allowedHosts, true, Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofSeconds(8), Duration.ofMinutes(30), 12, Duration.ofSeconds(60), 16, 2));
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://169.254.169.254/latest/meta-data", "http://[fe80::1]/", "http://[fe80::1%251]/",
            "http://[::ffff:169.254.169.254]/", "http://[::ffff:a9fe:a9fe]/", "http://[::a9fe:a9fe]/",
            "http://[64:ff9b::a9fe:a9fe]/", "http://0.0.0.0/", "http://0.1.2.3/", "http://[::]/", "http://224.0.0.251/",
            "http://[ff02::1]/", "http://100.100.100.200/", "http://[fd00:ec2::254]/", "http://127.0.0.1/",
            "http://localhost/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://127.1.2.3:8080/x",
            "ftp://192.0.2.1/", "file:///etc/passwd", "gopher://192.0.2.1/", "http://user@192.0.2.1/",
            "http://user:secret@192.0.2.1/", "https://@192.0.2.1/", "not a url", "//192.0.2.1/", "http://", "" })
    void refusedWithoutAllowedHosts(String url) {
        assertThat(urls(List.of()).problemWith(url)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://192.0.2.1/hook", "https://192.0.2.1:8443/hooks/x?a=b", "HTTPS://198.51.100.7/",
            "http://[2001:db8::1]/hook" })
    void allowedPublicAddresses(String url) {
        assertThat(urls(List.of()).problemWith(url)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://127.0.0.1:8080/hook", "http://localhost/hook", "http://[::1]/hook" })
    void loopbackWhenItsHostIsAllowed(String url) {
        assertThat(urls(List.of("127.0.0.1", "localhost", "::1")).problemWith(url)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://192.0.2.1/hook", "http://127.0.0.2/hook", "http://169.254.169.254/" })
    void onlyTheAllowedHostsWhenSet(String url) {
        assertThat(urls(List.of("127.0.0.1")).problemWith(url)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(ints = { 2001, 5000 })
    void longerThan2000CharactersIsRefused(int length) {
        String url = "http://192.0.2.1/";
        assertThat(urls(List.of()).problemWith(url + "a".repeat(length - url.length()))).isPresent();
    }
}
