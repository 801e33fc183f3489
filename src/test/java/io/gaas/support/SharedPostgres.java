package io.gaas.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Points the application at a new database on the embedded PostgreSQL server. Test classes that
 * {@code @Import} it with the same {@code @SpringBootTest} properties share one cached context (and
 * so one database), instead of paying a context start each.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SharedPostgres {

    @Bean
    static DynamicPropertyRegistrar embeddedPostgresDatabase() {
        String url = EmbeddedPostgresSupport.newDatabase();
        return registry -> {
            registry.add("spring.datasource.url", () -> url);
            registry.add("spring.datasource.username", () -> "postgres");
            registry.add("spring.datasource.password", () -> "postgres");
        };
    }
}
