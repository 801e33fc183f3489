package io.gaas.auth;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder.SecretKeyFactoryAlgorithm;

/**
 * PBKDF2-SHA256 inside a {@link DelegatingPasswordEncoder}. The iteration count is part of the
 * hash's {@code {id}}, so raising it later still verifies every stored hash (and marks it for upgrade).
 */
@Configuration(proxyBeanMethods = false)
class PasswordConfig {

    static final int DEFAULT_ITERATIONS = 310_000;
    private static final int SALT_LENGTH = 16;

    /** {@code gaas.password.pbkdf2-iterations}: at least 310,000 in production; tests lower it. */
    @ConfigurationProperties("gaas.password")
    record PasswordProperties(@DefaultValue("310000") int pbkdf2Iterations) {
    }

    @Bean
    PasswordEncoder passwordEncoder(PasswordProperties properties) {
        int iterations = properties.pbkdf2Iterations();
        Map<String, PasswordEncoder> encoders = new HashMap<>();
        encoders.put(id(iterations), pbkdf2(iterations));
        encoders.putIfAbsent(id(DEFAULT_ITERATIONS), pbkdf2(DEFAULT_ITERATIONS));
        return new DelegatingPasswordEncoder(id(iterations), encoders);
    }

    static String id(int iterations) {
        return "pbkdf2-sha256-" + iterations;
    }

    private static PasswordEncoder pbkdf2(int iterations) {
        return new Pbkdf2PasswordEncoder("", SALT_LENGTH, iterations, SecretKeyFactoryAlgorithm.PBKDF2WithHmacSHA256);
    }
}
