package io.gaas.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder.SecretKeyFactoryAlgorithm;

/**
 * PBKDF2-SHA256 with the iteration count in the hash's {@code {id}}: {@code {pbkdf2-sha256-N}...}.
 * New hashes use the configured count; a stored hash is verified with the count it names, whatever
 * the setting was then, so changing {@code GAAS_PBKDF2_ITERATIONS} (any number of times) never
 * locks anyone out, and a hash at another count is upgraded at the user's next login.
 */
@Configuration(proxyBeanMethods = false)
class PasswordConfig {

    static final int DEFAULT_ITERATIONS = 310_000;

    /** {@code gaas.password.pbkdf2-iterations}: at least 310,000 in production; tests lower it. */
    @ConfigurationProperties("gaas.password")
    record PasswordProperties(@DefaultValue("310000") int pbkdf2Iterations) {
    }

    @Bean
    PasswordEncoder passwordEncoder(PasswordProperties properties) {
        return new Pbkdf2AnyIterations(properties.pbkdf2Iterations());
    }

    static String id(int iterations) {
        return Pbkdf2AnyIterations.PREFIX + iterations;
    }

    /** Encodes at one iteration count; verifies at the count each hash names. */
    static final class Pbkdf2AnyIterations implements PasswordEncoder {

        static final String PREFIX = "pbkdf2-sha256-";

        /**
         * Counts a stored hash may name. The hashes are the service's own, so the bounds only keep a
         * damaged row from costing minutes of CPU or a useless zero-round hash from verifying.
         */
        static final int MIN_ITERATIONS = 1_000;
        static final int MAX_ITERATIONS = 10_000_000;

        private static final int SALT_LENGTH = 16;
        private static final Pattern STORED = Pattern.compile("^\\{" + PREFIX + "([0-9]{1,9})}(.+)$", Pattern.DOTALL);
        private static final Logger log = LoggerFactory.getLogger(Pbkdf2AnyIterations.class);

        private final int iterations;
        private final Map<Integer, Pbkdf2PasswordEncoder> byIterations = new ConcurrentHashMap<>();

        Pbkdf2AnyIterations(int iterations) {
            if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
                throw new IllegalStateException("GAAS_PBKDF2_ITERATIONS must be " + MIN_ITERATIONS + ".."
                        + MAX_ITERATIONS + " (310000 or more in production), but it is " + iterations);
            }
            this.iterations = iterations;
        }

        @Override
        public String encode(CharSequence rawPassword) {
            return "{" + id(iterations) + "}" + encoder(iterations).encode(rawPassword);
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            Matcher stored = encodedPassword == null ? null : STORED.matcher(encodedPassword);
            if (stored == null || !stored.matches()) {
                log.error("A stored password hash is not a PBKDF2 hash this service can read; refusing the password");
                return false;
            }
            int count = Integer.parseInt(stored.group(1));
            if (count < MIN_ITERATIONS || count > MAX_ITERATIONS) {
                log.error("A stored password hash names {} iterations, outside {}..{}; refusing the password", count,
                        MIN_ITERATIONS, MAX_ITERATIONS);
                return false;
            }
            return encoder(count).matches(rawPassword, stored.group(2));
        }

        /** True for a hash made at another iteration count (or unreadable): it is re-made at the next login. */
        @Override
        public boolean upgradeEncoding(String encodedPassword) {
            return encodedPassword == null || !encodedPassword.startsWith("{" + id(iterations) + "}");
        }

        private Pbkdf2PasswordEncoder encoder(int count) {
            return byIterations.computeIfAbsent(count,
                    c -> new Pbkdf2PasswordEncoder("", SALT_LENGTH, c, SecretKeyFactoryAlgorithm.PBKDF2WithHmacSHA256));
        }
    }
}
