package io.gaas.quota;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gaas.support.EmbeddedPostgresSupport;

/** The same clock that goes backwards, on PostgreSQL. */
class LedgerTimeOrderPostgresTests extends LedgerTimeOrderTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        EmbeddedPostgresSupport.useNewDatabase(registry);
    }
}
