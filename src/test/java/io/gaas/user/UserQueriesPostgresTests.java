package io.gaas.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gaas.support.EmbeddedPostgresSupport;
import io.gaas.support.UserRows;

/** The plain-SQL reads of a user, on real PostgreSQL with the Flyway schema. */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(UserQueries.class)
class UserQueriesPostgresTests {

    private static final Instant CREATED = Instant.parse("2026-11-27T10:15:30.123Z");

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        EmbeddedPostgresSupport.useNewDatabase(registry);
    }

    @Autowired
    UserQueries queries;

    @Autowired
    JdbcClient jdbc;

    @Test
    void findViewReturnsTheUserWithTheAccountsBalance() {
        String name = "view" + UUID.randomUUID().toString().substring(0, 8);
        UUID id = UserRows.insertUser(jdbc, name, CREATED);
        openAccount(id, "7.25");

        UserResponse view = queries.findView(id).orElseThrow();

        assertThat(view).isEqualTo(new UserResponse(id, name, Role.USER, new BigDecimal("7.25"), true, CREATED, null, null));
    }

    @Test
    void findViewWhenUserUnknownThenEmpty() {
        assertThat(queries.findView(UUID.randomUUID())).isEmpty();
    }

    @Test
    void findAccessReflectsRoleStateAndTokenVersionAsStored() {
        String name = "access" + UUID.randomUUID().toString().substring(0, 8);
        UUID id = UserRows.insertUser(jdbc, name, CREATED);
        jdbc.sql("UPDATE users SET role = 'ADMIN', enabled = false, token_version = 3 WHERE id = :id")
            .param("id", id)
            .update();

        assertThat(queries.findAccess(id)).contains(new UserAccess(id, name, Role.ADMIN, false, 3));
        assertThat(queries.findAccess(UUID.randomUUID())).isEmpty();
    }

    private void openAccount(UUID userId, String balance) {
        jdbc.sql("INSERT INTO quota_accounts (account_id, balance, ledger_seq) VALUES (:id, :balance, 0)")
            .param("id", userId)
            .param("balance", new BigDecimal(balance))
            .update();
    }
}
