package io.gaas.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gaas.support.SettableClock;
import io.gaas.support.UserRows;

/**
 * The ledger's times follow its sequence even when the service's clock goes backwards (a replica
 * whose clock was corrected, or another replica whose clock runs behind): every kind of entry
 * takes the greater of the clock and the account's previous entry. On the embedded H2 database
 * here; {@link LedgerTimeOrderPostgresTests} runs the same on PostgreSQL.
 */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(LedgerTimeOrderTests.QuotaWithSettableClock.class)
class LedgerTimeOrderTests {

    static final Instant START = Instant.parse("2026-11-27T10:15:30.500Z");

    /**
     * Imported rather than annotated as a configuration, so that other slices that scan this
     * package for the quota service do not pick up its clock.
     */
    @ComponentScan(basePackageClasses = QuotaService.class)
    @EnableConfigurationProperties(QuotaProperties.class)
    static class QuotaWithSettableClock {

        @Bean
        SettableClock clock() {
            return new SettableClock(START);
        }
    }

    @Autowired
    QuotaService quota;

    @Autowired
    SettableClock clock;

    @Autowired
    JdbcClient jdbc;

    UUID user;

    @BeforeEach
    void openAccount() {
        clock.set(START);
        user = UserRows.insertUser(jdbc, "t" + UUID.randomUUID().toString().substring(0, 8), START);
        quota.openAccount(user, "admin"); // the initial grant of 10 hours, at START
    }

    @Test
    void everyKindOfEntryWhenTheClockGoesBackwardsThenKeepsThePreviousEntrysTime() {
        UUID job = UUID.randomUUID();
        clock.moveBy(Duration.ofSeconds(-5));
        Instant charged = quota.charge(user, new BigDecimal("2"), job, "alice");
        clock.moveBy(Duration.ofMillis(-1));
        quota.refund(user, new BigDecimal("1"), job, charged, "root");
        clock.moveBy(Duration.ofHours(-1));
        quota.adjust(user, new BigDecimal("3"), "grant", "root");

        assertThat(charged).isEqualTo(START);
        assertThat(entries()).extracting(Entry::kind)
            .containsExactly("INITIAL_GRANT", "JOB_CHARGE", "JOB_REFUND", "ADMIN_ADJUSTMENT");
        assertThat(entries()).extracting(Entry::at).containsOnly(START);
    }

    @Test
    void entriesWhenTheClockMovesOnAgainThenTakeItsTimeAndStayInOrder() {
        clock.moveBy(Duration.ofSeconds(-5));
        quota.charge(user, new BigDecimal("1"), UUID.randomUUID(), "alice");
        clock.set(START.plusMillis(250));
        Instant charged = quota.charge(user, new BigDecimal("1"), UUID.randomUUID(), "alice");
        clock.set(START.plusMillis(100));
        quota.adjust(user, new BigDecimal("-1"), null, "root");
        clock.set(START.plusSeconds(1));
        quota.refund(user, new BigDecimal("1"), UUID.randomUUID(), charged, "root");

        assertThat(charged).isEqualTo(START.plusMillis(250));
        assertThat(entries()).extracting(Entry::at)
            .containsExactly(START, START, START.plusMillis(250), START.plusMillis(250), START.plusSeconds(1));
    }

    @Test
    void chargeWhenRefusedThenDoesNotMoveTheAccountsTime() {
        clock.set(START.plusSeconds(60));
        assertThatThrownBy(() -> quota.charge(user, new BigDecimal("11"), UUID.randomUUID(), "alice"))
            .isInstanceOf(InsufficientQuotaException.class);
        clock.set(START.plusSeconds(1));

        Instant charged = quota.charge(user, new BigDecimal("1"), UUID.randomUUID(), "alice");

        assertThat(charged).isEqualTo(START.plusSeconds(1));
    }

    record Entry(long seq, String kind, Instant at) {
    }

    private List<Entry> entries() {
        return jdbc.sql("SELECT seq, kind, created_at FROM quota_ledger WHERE account_id = :user ORDER BY seq")
            .param("user", user)
            .query((row, n) -> new Entry(row.getLong("seq"), row.getString("kind"),
                    row.getObject("created_at", OffsetDateTime.class).toInstant()))
            .list();
    }
}
