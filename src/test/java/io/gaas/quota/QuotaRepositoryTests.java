package io.gaas.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gaas.support.EmbeddedPostgresSupport;
import io.gaas.support.UserRows;

/** The conditional UPDATE, the ledger and the schema's guards, on real PostgreSQL with the Flyway schema. */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(LedgerWriter.class)
class QuotaRepositoryTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        EmbeddedPostgresSupport.useNewDatabase(registry);
    }

    @Autowired
    QuotaAccountRepository accounts;

    @Autowired
    LedgerEntryRepository ledger;

    @Autowired
    LedgerWriter ledgerWriter;

    @Autowired
    JdbcClient jdbc;

    UUID userId;

    @BeforeEach
    void createUserWithAccount() {
        userId = insertUser("user" + UUID.randomUUID().toString().substring(0, 8));
        accounts.open(userId, "USER");
    }

    @Test
    void applyDeltaWhenBalanceSufficesThenDeductsAndAdvancesSequence() {
        accounts.applyDelta(userId, new BigDecimal("10.00"), now());

        int changed = accounts.applyDelta(userId, new BigDecimal("-2.50"), now());

        assertThat(changed).isEqualTo(1);
        assertThat(accounts.findBalance(userId)).contains(new BigDecimal("7.50"));
        assertThat(sequence()).isEqualTo(2);
    }

    @Test
    void applyDeltaWhenBalanceWouldGoNegativeThenChangesNothing() {
        accounts.applyDelta(userId, new BigDecimal("1.00"), now());

        int changed = accounts.applyDelta(userId, new BigDecimal("-1.01"), now());

        assertThat(changed).isZero();
        assertThat(accounts.findBalance(userId)).contains(new BigDecimal("1.00"));
        assertThat(sequence()).isEqualTo(1);
    }

    @Test
    void applyDeltaWhenSpendingExactlyTheBalanceThenLeavesZero() {
        accounts.applyDelta(userId, new BigDecimal("1.00"), now());
        for (int i = 0; i < 10; i++) {
            assertThat(accounts.applyDelta(userId, new BigDecimal("-0.10"), now())).isEqualTo(1);
        }

        assertThat(accounts.findBalance(userId)).hasValueSatisfying(b -> assertThat(b).isEqualByComparingTo("0"));
        assertThat(accounts.applyDelta(userId, new BigDecimal("-0.01"), now())).isZero();
    }

    @Test
    void applyDeltaWhenAccountDoesNotExistThenChangesNothing() {
        assertThat(accounts.applyDelta(UUID.randomUUID(), new BigDecimal("5.00"), now())).isZero();
    }

    @Test
    void appendWhenAfterAnUpdateThenEntryCopiesBalanceAndSequence() {
        accounts.applyDelta(userId, new BigDecimal("10.00"), now());
        ledgerWriter.append(userId, LedgerKind.INITIAL_GRANT, new BigDecimal("10.00"), null, null, "alice");
        accounts.applyDelta(userId, new BigDecimal("-2.50"), now());
        UUID jobId = UUID.randomUUID();
        ledgerWriter.append(userId, LedgerKind.JOB_CHARGE, new BigDecimal("-2.50"), jobId, "a note", "alice");

        var page = ledger.findByAccountId(userId, PageRequest.of(0, 10, Sort.by(Sort.Order.desc("seq"))));

        assertThat(page.getContent()).extracting(LedgerEntry::getKind)
            .containsExactly(LedgerKind.JOB_CHARGE, LedgerKind.INITIAL_GRANT);
        LedgerEntry charge = page.getContent().get(0);
        assertThat(charge.getBalanceAfter()).isEqualByComparingTo("7.50");
        assertThat(charge.getJobId()).isEqualTo(jobId);
        assertThat(charge.getNote()).isEqualTo("a note");
        assertThat(page.getContent().get(1).getJobId()).isNull();
        assertThat(page.getContent().stream().map(LedgerEntry::getDeltaHours).reduce(BigDecimal.ZERO, BigDecimal::add))
            .isEqualByComparingTo("7.50");
    }

    @Test
    void appendWhenSequenceWasNotAdvancedThenUniqueSequenceRefusesTheDuplicate() {
        accounts.applyDelta(userId, new BigDecimal("10.00"), now());
        ledgerWriter.append(userId, LedgerKind.INITIAL_GRANT, new BigDecimal("10.00"), null, null, "alice");

        assertThatThrownBy(() -> ledgerWriter.append(userId, LedgerKind.ADMIN_ADJUSTMENT, new BigDecimal("1.00"), null,
                null, "root"))
            .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void applyDeltaWhenTheClockIsBehindTheLastEntryThenTheEntryKeepsTheLastEntrysTime() {
        Instant first = Instant.parse("2026-11-27T10:15:30.500Z");
        accounts.applyDelta(userId, new BigDecimal("10.00"), first);
        ledgerWriter.append(userId, LedgerKind.INITIAL_GRANT, new BigDecimal("10.00"), null, null, "alice");
        accounts.applyDelta(userId, new BigDecimal("-1.00"), first.minusMillis(300));
        ledgerWriter.append(userId, LedgerKind.JOB_CHARGE, new BigDecimal("-1.00"), UUID.randomUUID(), null, "alice");
        accounts.applyDelta(userId, new BigDecimal("-1.00"), first.plusMillis(200));
        ledgerWriter.append(userId, LedgerKind.JOB_CHARGE, new BigDecimal("-1.00"), UUID.randomUUID(), null, "alice");

        var page = ledger.findByAccountId(userId, PageRequest.of(0, 10, Sort.by(Sort.Order.asc("seq"))));

        assertThat(page.getContent()).extracting(LedgerEntry::getCreatedAt)
            .containsExactly(first, first, first.plusMillis(200));
        assertThat(accounts.findLastEntryAt(userId)).contains(first.plusMillis(200));
    }

    @Test
    void applyDeltaWhenRefusedThenTheLastEntryTimeStays() {
        Instant first = Instant.parse("2026-11-27T10:15:30.500Z");
        accounts.applyDelta(userId, new BigDecimal("1.00"), first);

        assertThat(accounts.applyDelta(userId, new BigDecimal("-2.00"), first.plusSeconds(5))).isZero();

        assertThat(accounts.findLastEntryAt(userId)).contains(first);
    }

    @Test
    void openWhenNewThenThereIsNoLastEntryTime() {
        assertThat(accounts.findLastEntryAt(userId)).isEmpty();
    }

    @Test
    void updateWhenBalanceWouldBeNegativeThenCheckConstraintRefusesIt() {
        assertThatThrownBy(() -> jdbc.sql("UPDATE quota_accounts SET balance = -1 WHERE account_id = :id")
            .param("id", userId)
            .update()).isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void insertWhenChargeIsPositiveThenCheckConstraintRefusesIt() {
        accounts.applyDelta(userId, new BigDecimal("10.00"), now());

        assertThatThrownBy(() -> ledgerWriter.append(userId, LedgerKind.JOB_CHARGE, new BigDecimal("2.00"), null, null,
                "alice"))
            .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void insertWhenUsernameExistsThenUniqueConstraintRefusesIt() {
        String name = "bob" + UUID.randomUUID().toString().substring(0, 8);
        insertUser(name);

        assertThatThrownBy(() -> insertUser(name)).isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void insertWhenUsernameIsNotLowerCaseThenCheckConstraintRefusesIt() {
        assertThatThrownBy(() -> insertUser("Carol" + UUID.randomUUID().toString().substring(0, 8)))
            .isInstanceOf(DataIntegrityViolationException.class);
    }

    private UUID insertUser(String username) {
        return UserRows.insertUser(jdbc, username, now());
    }

    private long sequence() {
        return jdbc.sql("SELECT ledger_seq FROM quota_accounts WHERE account_id = :id")
            .param("id", userId)
            .query(Long.class)
            .single();
    }

    private static Instant now() {
        return Instant.now();
    }
}
