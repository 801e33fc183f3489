package io.gaas.config;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;

/**
 * The {@code prod} profile refuses to start on laptop defaults: it needs an explicit database and
 * a JWT secret shared by every replica. Checked before any bean is created, so the message is the
 * first and only error.
 */
@Configuration(proxyBeanMethods = false)
@Profile("prod")
class ProductionGuardConfig {

    @Bean
    static BeanFactoryPostProcessor productionGuard(Environment environment) {
        return beanFactory -> {
            if (!environment.getProperty("spring.datasource.url", "").startsWith("jdbc:")) {
                throw new IllegalStateException("The prod profile needs SPRING_DATASOURCE_URL "
                        + "(e.g. jdbc:postgresql://db:5432/gaas) with SPRING_DATASOURCE_USERNAME and _PASSWORD.");
            }
            if (environment.getProperty("gaas.jwt.secret", "").isBlank()) {
                throw new IllegalStateException("The prod profile needs GAAS_JWT_SECRET (base64, at least 32 bytes), "
                        + "the same on every replica. Generate one with 'openssl rand -base64 32'.");
            }
        };
    }
}
