package io.gaas.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.springframework.context.ApplicationEventPublisher;

import io.gaas.web.ErrorCode;
import io.gaas.web.NotFoundException;

/** The refill's arithmetic and bookkeeping, and the refund cap after a refill, with the database mocked. */
@ExtendWith(MockitoExtension.class)
class AllocationRefillTests {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:07.250Z");
    private static final Instant LATER_ENTRY = NOW.plusMillis(3);
    private static final Instant NEXT_MONTH = Instant.parse("2027-01-01T00:00:00Z");
    private static final Instant SCHEDULED = Instant.parse("2026-12-07T00:00:00Z");
    private static final Instant LAST_REFILL = Instant.parse("2026-11-01T00:00:00Z");
    private static final UUID ACCOUNT = UUID.randomUUID();
    private static final UUID JOB = UUID.randomUUID();

    @Mock
    QuotaAccountRepository accounts;

    @Mock
    LedgerEntryRepository ledger;

    @Mock
    LedgerWriter ledgerWriter;

    @Mock
    ApplicationEventPublisher events;

    @Mock
    AccountSummaries summaries;

    @Mock
    AllocationStore allocations;

    @Test
    void scheduledRefillWhenBalanceBelowCarryOverThenKeepsItAllAndAddsTheHours() {
        due(account("3.00", "100", "5", AccountType.USER));
        given(accounts.applyDelta(ACCOUNT, new BigDecimal("100.00"), NOW)).willReturn(1);

        assertThat(service().refillNextDue()).isTrue();

        then(ledgerWriter).should().append(ACCOUNT, LedgerKind.PERIOD_REFILL, new BigDecimal("100.00"), null, null, "system");
        then(allocations).should().recordRefill(ACCOUNT, NOW, NEXT_MONTH);
        then(events).should().publishEvent(new AccountRefilled(ACCOUNT, AccountType.USER, NOW));
    }

    @Test
    void scheduledRefillWhenUnusedHoursExceedTheCarryOverThenTheyExpireInOneNegativeEntry() {
        // min(130, 10) + 100 = 110: one entry of -20, not an expiry and a grant.
        due(account("130.00", "100", "10", AccountType.PROJECT));
        given(accounts.applyDelta(ACCOUNT, new BigDecimal("-20.00"), NOW)).willReturn(1);
        given(accounts.findTypeAndBalance(ACCOUNT))
            .willReturn(Optional.of(new AccountBalance(AccountType.PROJECT, new BigDecimal("110.00"), null)));

        service().refillNextDue();

        then(ledgerWriter).should().append(ACCOUNT, LedgerKind.PERIOD_REFILL, new BigDecimal("-20.00"), null, null, "system");
        then(allocations).should().recordRefill(ACCOUNT, NOW, NEXT_MONTH);
        then(events).should().publishEvent(new AccountRefilled(ACCOUNT, AccountType.PROJECT, NOW));
    }

    @Test
    void scheduledRefillWhenTheBalanceIsAlreadyWhatTheRefillGivesThenNoEntryButTheNewPeriodStillBegins() {
        // min(100, 0) + 100 = 100: the ledger refuses a zero entry, yet the period (and the members' windows) turns.
        due(account("100.00", "100", "0", AccountType.PROJECT));

        assertThat(service().refillNextDue()).isTrue();

        then(accounts).should(never()).applyDelta(any(), any(), any());
        then(ledgerWriter).shouldHaveNoInteractions();
        then(allocations).should().recordRefill(ACCOUNT, NOW, NEXT_MONTH);
        then(events).should().publishEvent(new AccountRefilled(ACCOUNT, AccountType.PROJECT, NOW));
    }

    @Test
    void scheduledRefillWhenNothingChangesAndTheLastEntryIsLaterThanTheClockThenThePeriodBeginsJustAfterIt() {
        AccountState account = new AccountState(ACCOUNT, AccountType.USER, new BigDecimal("0.00"), new BigDecimal("0.00"),
                AllocationPeriod.MONTHLY, new BigDecimal("0.00"), NOW, null, LATER_ENTRY);
        due(account);

        service().refillNextDue();

        then(allocations).should().recordRefill(ACCOUNT, LATER_ENTRY.plus(1, ChronoUnit.MICROS), NEXT_MONTH);
    }

    @Test
    void refillWhenTheLastEntryIsAtTheSameInstantThenTheRefillComesAMicrosecondAfterIt() {
        // A charge that read the same clock tick must stay before the period start, not on both sides of it.
        due(new AccountState(ACCOUNT, AccountType.USER, new BigDecimal("3.00"), new BigDecimal("10.00"),
                AllocationPeriod.MONTHLY, new BigDecimal("0.00"), NOW, null, NOW));
        Instant justAfter = NOW.plus(1, ChronoUnit.MICROS);
        given(accounts.applyDelta(ACCOUNT, new BigDecimal("7.00"), justAfter)).willReturn(1);

        service().refillNextDue();

        then(ledgerWriter).should().append(ACCOUNT, LedgerKind.PERIOD_REFILL, new BigDecimal("7.00"), null, null, "system");
        then(allocations).should().recordRefill(ACCOUNT, justAfter, NEXT_MONTH);
    }

    @Test
    void scheduledRefillWhenNoAccountIsDueThenDoesNothing() {
        given(allocations.lockNextDue(NOW)).willReturn(Optional.empty());

        assertThat(service().refillNextDue()).isFalse();

        then(accounts).shouldHaveNoInteractions();
        then(ledgerWriter).shouldHaveNoInteractions();
        then(events).shouldHaveNoInteractions();
    }

    @Test
    void manualRefillThenWrittenByTheAdminAndTheScheduledStartStays() {
        given(allocations.lock(ACCOUNT)).willReturn(Optional.of(account("2.50", "40", "0", AccountType.USER)));
        given(accounts.applyDelta(ACCOUNT, new BigDecimal("37.50"), NOW)).willReturn(1);

        service().refillNow(ACCOUNT, "root");

        then(ledgerWriter).should().append(ACCOUNT, LedgerKind.PERIOD_REFILL, new BigDecimal("37.50"), null, null, "root");
        then(allocations).should().recordRefill(ACCOUNT, NOW, SCHEDULED);
    }

    @Test
    void manualRefillWhenNoAllocationThenNoAllocationConflictAndNothingChanges() {
        given(allocations.lock(ACCOUNT)).willReturn(Optional.of(new AccountState(ACCOUNT, AccountType.USER,
                new BigDecimal("5.00"), null, null, null, null, null, NOW)));

        assertThatThrownBy(() -> service().refillNow(ACCOUNT, "root"))
            .isInstanceOfSatisfying(NoAllocationException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.NO_ALLOCATION));
        then(accounts).shouldHaveNoInteractions();
        then(allocations).should(never()).recordRefill(any(), any(), any());
    }

    @Test
    void manualRefillWhenNoSuchAccountThenNotFound() {
        given(allocations.lock(ACCOUNT)).willReturn(Optional.empty());

        assertThatThrownBy(() -> service().refillNow(ACCOUNT, "root")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void setAllocationThenNextRefillAtIsTheNextPeriodStartAndNoRefill() {
        given(allocations.set(ACCOUNT, new BigDecimal("100.00"), AllocationPeriod.WEEKLY, new BigDecimal("0.00"), SCHEDULED))
            .willReturn(1);

        service().setAllocation(ACCOUNT, new BigDecimal("100"), AllocationPeriod.WEEKLY, BigDecimal.ZERO);

        then(accounts).shouldHaveNoInteractions();
        then(ledgerWriter).shouldHaveNoInteractions();
    }

    @Test
    void setAllocationWhenNoSuchAccountThenNotFound() {
        given(allocations.set(any(), any(), any(), any(), any())).willReturn(0);

        assertThatThrownBy(() -> service().setAllocation(ACCOUNT, BigDecimal.TEN, AllocationPeriod.MONTHLY, BigDecimal.ZERO))
            .isInstanceOf(NotFoundException.class);
    }

    @Test
    void refundOfAJobChargedBeforeTheLastRefillThenRaisesTheBalanceOnlyUpToHoursPlusCarryOver() {
        // hours 100 + carry-over 10 = 110; the balance is 105, so 5 of the 8 come back.
        given(allocations.lock(ACCOUNT)).willReturn(Optional.of(refilledAccount("105.00")));
        given(accounts.applyDelta(ACCOUNT, new BigDecimal("5.00"), NOW)).willReturn(1);
        given(accounts.findTypeAndBalance(ACCOUNT))
            .willReturn(Optional.of(new AccountBalance(AccountType.USER, BigDecimal.TEN, null)));

        service().refund(ACCOUNT, new BigDecimal("8"), JOB, LAST_REFILL.minusSeconds(1), "root");

        then(ledgerWriter).should().append(ACCOUNT, LedgerKind.JOB_REFUND, new BigDecimal("5.00"), JOB, null, "root");
    }

    @Test
    void refundOfAJobChargedBeforeTheLastRefillWhenTheBalanceIsAtTheCapThenWritesNothing() {
        given(allocations.lock(ACCOUNT)).willReturn(Optional.of(refilledAccount("110.00")));

        service().refund(ACCOUNT, new BigDecimal("8"), JOB, LAST_REFILL.minusSeconds(1), "root");

        then(accounts).shouldHaveNoInteractions();
        then(ledgerWriter).shouldHaveNoInteractions();
    }

    @Test
    void refundOfAJobChargedBeforeTheLastRefillWhenTheBalanceIsAboveTheCapThenWritesNothing() {
        // A top-up can lift the balance above hours + carry-over: the refund never lowers it.
        given(allocations.lock(ACCOUNT)).willReturn(Optional.of(refilledAccount("150.00")));

        service().refund(ACCOUNT, new BigDecimal("8"), JOB, LAST_REFILL.minusSeconds(1), "root");

        then(ledgerWriter).shouldHaveNoInteractions();
    }

    @Test
    void refundOfAJobChargedAtOrAfterTheLastRefillThenWhole() {
        given(allocations.lock(ACCOUNT)).willReturn(Optional.of(refilledAccount("109.00")));
        given(accounts.applyDelta(ACCOUNT, new BigDecimal("8.00"), NOW)).willReturn(1);
        given(accounts.findTypeAndBalance(ACCOUNT))
            .willReturn(Optional.of(new AccountBalance(AccountType.USER, BigDecimal.TEN, null)));

        service().refund(ACCOUNT, new BigDecimal("8"), JOB, LAST_REFILL, "root");

        then(ledgerWriter).should().append(ACCOUNT, LedgerKind.JOB_REFUND, new BigDecimal("8.00"), JOB, null, "root");
    }

    @Test
    void refundWhenTheAllocationWasRemovedThenWholeEvenForAJobChargedBeforeTheLastRefill() {
        given(allocations.lock(ACCOUNT)).willReturn(Optional.of(new AccountState(ACCOUNT, AccountType.USER,
                new BigDecimal("150.00"), null, null, null, null, LAST_REFILL, NOW)));
        given(accounts.applyDelta(ACCOUNT, new BigDecimal("8.00"), NOW)).willReturn(1);
        given(accounts.findTypeAndBalance(ACCOUNT))
            .willReturn(Optional.of(new AccountBalance(AccountType.USER, BigDecimal.TEN, null)));

        service().refund(ACCOUNT, new BigDecimal("8"), JOB, LAST_REFILL.minusSeconds(1), "root");

        then(ledgerWriter).should().append(ACCOUNT, LedgerKind.JOB_REFUND, new BigDecimal("8.00"), JOB, null, "root");
    }

    private void due(AccountState account) {
        given(allocations.lockNextDue(NOW)).willReturn(Optional.of(account));
    }

    private static AccountState account(String balance, String hours, String carryOver, AccountType type) {
        return new AccountState(ACCOUNT, type, new BigDecimal(balance), new BigDecimal(hours).setScale(2),
                AllocationPeriod.MONTHLY, new BigDecimal(carryOver).setScale(2), SCHEDULED, LAST_REFILL, NOW.minusSeconds(60));
    }

    private static AccountState refilledAccount(String balance) {
        return new AccountState(ACCOUNT, AccountType.USER, new BigDecimal(balance), new BigDecimal("100.00"),
                AllocationPeriod.MONTHLY, new BigDecimal("10.00"), NEXT_MONTH, LAST_REFILL, NOW.minusSeconds(60));
    }

    private QuotaService service() {
        QuotaProperties properties = new QuotaProperties(BigDecimal.TEN, BigDecimal.ONE, ZoneOffset.UTC);
        return new QuotaService(accounts, ledger, ledgerWriter, summaries, properties, new LowBalanceThresholds(properties),
                events, Clock.fixed(NOW, ZoneOffset.UTC), allocations, new PeriodCalendar(ZoneOffset.UTC));
    }
}
