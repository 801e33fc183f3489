package io.gaas.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The limits as the service's own application.yml sets them (the test suite raises the per-address
 * one in its overrides, so its integration tests cannot show the shipped default).
 */
class LoginThrottlePropertiesTests {

    @Test
    void bindWhenNothingIsSetThenFivePerPairAndOneHundredPerAddressWithinFifteenMinutes() throws IOException {
        assertThat(bind(Map.of())).isEqualTo(new LoginThrottleProperties(5, Duration.ofMinutes(15), 100));
    }

    @Test
    void bindWhenTheEnvironmentVariableIsSetThenItIsThePerAddressLimit() throws IOException {
        assertThat(bind(Map.of("GAAS_LOGIN_FAILURES_PER_ADDRESS", "250")).failuresPerAddress()).isEqualTo(250);
    }

    private static LoginThrottleProperties bind(Map<String, Object> environment) throws IOException {
        List<PropertySource<?>> sources = new ArrayList<>();
        sources.add(new MapPropertySource("environment", environment));
        // The main application.yml (the test overrides live in config/application.yml).
        sources.addAll(new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yml")));
        Binder binder = new Binder(ConfigurationPropertySources.from(sources),
                new PropertySourcesPlaceholdersResolver(sources));
        return binder.bindOrCreate("gaas.login", LoginThrottleProperties.class);
    }
}
