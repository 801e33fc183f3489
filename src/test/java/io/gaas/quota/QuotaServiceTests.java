package io.gaas.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.inOrder;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.springframework.context.ApplicationEventPublisher;

import io.gaas.web.ErrorCode;
import io.gaas.web.NotFoundException;

@ExtendWith(MockitoExtension.class)
class QuotaServiceTests {

    private static final Instant NOW = Instant.parse("2026-11-27T10:15:30.123456Z");
    private static final Instant NOW_MILLIS = Instant.parse("2026-11-27T10:15:30.123Z");
    private static final UUID USER = UUID.randomUUID();
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
    void chargeWhenTheBalanceFallsFromTheThresholdToBelowItThenAnnouncesTheLowBalance() {
        given(accounts.applyDelta(USER, new BigDecimal("-0.50"), NOW_MILLIS)).willReturn(1);
        given(accounts.findLastEntryAt(USER)).willReturn(Optional.of(NOW_MILLIS));
        given(accounts.findTypeAndBalance(USER)).willReturn(Optional.of(new AccountBalance(AccountType.USER, new BigDecimal("0.50"), null)));

        service("10").charge(USER, new BigDecimal("0.5"), JOB, "alice");

        then(events).should().publishEvent(new BalanceFellBelowThreshold(AccountType.USER, USER, new BigDecimal("0.50"),
                new BigDecimal("1.00")));
    }

    @Test
    void chargeWhenTheAccountHasAThresholdOfItsOwnThenItDecidesInsteadOfTheDefault() {
        given(accounts.applyDelta(USER, new BigDecimal("-1.00"), NOW_MILLIS)).willReturn(1);
        given(accounts.findLastEntryAt(USER)).willReturn(Optional.of(NOW_MILLIS));
        given(accounts.findTypeAndBalance(USER))
            .willReturn(Optional.of(new AccountBalance(AccountType.PROJECT, new BigDecimal("4.50"), new BigDecimal("5.00"))));

        service("10").charge(USER, BigDecimal.ONE, JOB, "alice");

        then(events).should().publishEvent(new BalanceFellBelowThreshold(AccountType.PROJECT, USER,
                new BigDecimal("4.50"), new BigDecimal("5.00")));
    }

    @Test
    void chargeWhenTheBalanceWasAlreadyBelowTheThresholdThenAnnouncesNothing() {
        given(accounts.applyDelta(USER, new BigDecimal("-0.25"), NOW_MILLIS)).willReturn(1);
        given(accounts.findLastEntryAt(USER)).willReturn(Optional.of(NOW_MILLIS));
        given(accounts.findTypeAndBalance(USER)).willReturn(Optional.of(new AccountBalance(AccountType.USER, new BigDecimal("0.50"), null)));

        service("10").charge(USER, new BigDecimal("0.25"), JOB, "alice");

        then(events).shouldHaveNoInteractions();
    }

    @Test
    void chargeWhenTheBalanceStaysAtTheThresholdThenAnnouncesNothing() {
        given(accounts.applyDelta(USER, new BigDecimal("-1.00"), NOW_MILLIS)).willReturn(1);
        given(accounts.findLastEntryAt(USER)).willReturn(Optional.of(NOW_MILLIS));
        given(accounts.findTypeAndBalance(USER)).willReturn(Optional.of(new AccountBalance(AccountType.USER, new BigDecimal("1.00"), null)));

        service("10").charge(USER, BigDecimal.ONE, JOB, "alice");

        then(events).shouldHaveNoInteractions();
    }

    @Test
    void refundThenAnnouncesNothingEvenBelowTheThreshold() {
        given(accounts.applyDelta(USER, new BigDecimal("2.00"), NOW_MILLIS)).willReturn(1);
        // Read for the metric's account type only: a refund raises the balance, so it never crosses down.
        given(accounts.findTypeAndBalance(USER))
            .willReturn(Optional.of(new AccountBalance(AccountType.USER, new BigDecimal("0.50"), null)));

        service("10").refund(USER, new BigDecimal("2"), JOB, NOW, "admin");

        then(events).shouldHaveNoInteractions();
    }

    @Test
    void adjustmentUpwardsThenReadsNoBalanceAndAnnouncesNothing() {
        given(accounts.applyDelta(USER, new BigDecimal("2.00"), NOW_MILLIS)).willReturn(1);
        given(accounts.findBalance(USER)).willReturn(Optional.of(new BigDecimal("12.00")));

        service("10").adjust(USER, new BigDecimal("2"), "grant", "admin");

        then(accounts).should(org.mockito.Mockito.never()).findTypeAndBalance(USER);
        then(events).shouldHaveNoInteractions();
    }

    @Test
    void chargeWhenBalanceSufficesThenAppliesNegativeDeltaAndWritesJobCharge() {
        given(accounts.applyDelta(USER, new BigDecimal("-2.50"), NOW_MILLIS)).willReturn(1);
        given(accounts.findTypeAndBalance(USER)).willReturn(Optional.of(new AccountBalance(AccountType.USER, new BigDecimal("7.50"), null)));
        given(accounts.findLastEntryAt(USER)).willReturn(Optional.of(NOW_MILLIS));

        service("10").charge(USER, new BigDecimal("2.5"), JOB, "alice");

        InOrder order = inOrder(accounts, ledgerWriter);
        order.verify(accounts).applyDelta(USER, new BigDecimal("-2.50"), NOW_MILLIS);
        order.verify(ledgerWriter).append(USER, LedgerKind.JOB_CHARGE, new BigDecimal("-2.50"), JOB, null, "alice");
    }

    @Test
    void chargeWhenAnEarlierEntryIsLaterThanTheClockThenReturnsTheTimeTheUpdateDecided() {
        Instant previousEntry = NOW_MILLIS.plusSeconds(2);
        given(accounts.applyDelta(USER, new BigDecimal("-1.00"), NOW_MILLIS)).willReturn(1);
        given(accounts.findTypeAndBalance(USER)).willReturn(Optional.of(new AccountBalance(AccountType.USER, new BigDecimal("7.50"), null)));
        given(accounts.findLastEntryAt(USER)).willReturn(Optional.of(previousEntry));

        Instant chargedAt = service("10").charge(USER, BigDecimal.ONE, JOB, "alice");

        assertThat(chargedAt).isEqualTo(previousEntry);
    }

    @Test
    void chargeWhenConditionalUpdateAppliesNothingThenInsufficientQuotaWithRequestedAndRemaining() {
        given(accounts.applyDelta(USER, new BigDecimal("-8.00"), NOW_MILLIS)).willReturn(0);
        given(accounts.findBalance(USER)).willReturn(Optional.of(new BigDecimal("7.50")));

        assertThatThrownBy(() -> service("10").charge(USER, new BigDecimal("8"), JOB, "alice"))
            .isInstanceOfSatisfying(InsufficientQuotaException.class, ex -> {
                assertThat(ex.code()).isEqualTo(ErrorCode.INSUFFICIENT_QUOTA);
                assertThat(ex.properties()).containsEntry("requested", new BigDecimal("8.00"))
                    .containsEntry("remaining", new BigDecimal("7.50"));
            });
        then(ledgerWriter).shouldHaveNoInteractions();
    }

    @Test
    void chargeWhenHoursHaveThreeDecimalsThenRefusedBeforeTouchingTheAccount() {
        assertThatThrownBy(() -> service("10").charge(USER, new BigDecimal("2.505"), JOB, "alice"))
            .isInstanceOf(ArithmeticException.class);
        then(accounts).shouldHaveNoInteractions();
        then(ledgerWriter).shouldHaveNoInteractions();
    }

    @Test
    void refundWhenPositiveThenAppliesPositiveDeltaAndWritesJobRefund() {
        given(accounts.applyDelta(USER, new BigDecimal("1.25"), NOW_MILLIS)).willReturn(1);
        given(accounts.findTypeAndBalance(USER))
            .willReturn(Optional.of(new AccountBalance(AccountType.USER, new BigDecimal("11.25"), null)));

        service("10").refund(USER, new BigDecimal("1.25"), JOB, NOW, "root");

        then(ledgerWriter).should().append(USER, LedgerKind.JOB_REFUND, new BigDecimal("1.25"), JOB, null, "root");
    }

    @Test
    void refundWhenZeroThenWritesNothing() {
        QuotaService service = service("10");

        service.refund(USER, BigDecimal.ZERO, JOB, NOW, "root");
        service.refund(USER, new BigDecimal("0.00"), JOB, NOW, "root");

        then(accounts).shouldHaveNoInteractions();
        then(ledgerWriter).shouldHaveNoInteractions();
    }

    @Test
    void openAccountWhenInitialGrantPositiveThenOpensAndWritesInitialGrant() {
        given(accounts.applyDelta(USER, new BigDecimal("10.00"), NOW_MILLIS)).willReturn(1);

        service("10").openAccount(USER, "alice");

        InOrder order = inOrder(accounts, ledgerWriter);
        order.verify(accounts).open(USER, "USER");
        order.verify(accounts).applyDelta(USER, new BigDecimal("10.00"), NOW_MILLIS);
        order.verify(ledgerWriter).append(USER, LedgerKind.INITIAL_GRANT, new BigDecimal("10.00"), null, null, "alice");
    }

    @Test
    void openAccountWhenInitialGrantZeroThenOpensWithoutLedgerRow() {
        service("0").openAccount(USER, "alice");

        then(accounts).should().open(USER, "USER");
        then(accounts).shouldHaveNoMoreInteractions();
        then(ledgerWriter).shouldHaveNoInteractions();
    }

    @Test
    void adjustWhenNegativeDeltaWithinBalanceThenWritesAdminAdjustmentAndReturnsBalance() {
        given(accounts.applyDelta(USER, new BigDecimal("-2.00"), NOW_MILLIS)).willReturn(1);
        given(accounts.findBalance(USER)).willReturn(Optional.of(new BigDecimal("8.00")));
        given(accounts.findTypeAndBalance(USER))
            .willReturn(Optional.of(new AccountBalance(AccountType.USER, new BigDecimal("8.00"), null)));

        BigDecimal balance = service("10").adjust(USER, new BigDecimal("-2"), "correction", "root");

        assertThat(balance).isEqualTo(new BigDecimal("8.00"));
        then(ledgerWriter).should().append(USER, LedgerKind.ADMIN_ADJUSTMENT, new BigDecimal("-2.00"), null,
                "correction", "root");
    }

    @Test
    void adjustWhenWithdrawalWouldGoBelowZeroThenInsufficientQuotaAndNoLedgerRow() {
        given(accounts.applyDelta(USER, new BigDecimal("-20.00"), NOW_MILLIS)).willReturn(0);
        given(accounts.findBalance(USER)).willReturn(Optional.of(new BigDecimal("10.00")));

        assertThatThrownBy(() -> service("10").adjust(USER, new BigDecimal("-20"), null, "root"))
            .isInstanceOfSatisfying(InsufficientQuotaException.class,
                    ex -> assertThat(ex.properties()).containsEntry("requested", new BigDecimal("20.00")));
        then(ledgerWriter).shouldHaveNoInteractions();
    }

    @Test
    void chargeWhenAccountMissingThenNotFound() {
        given(accounts.applyDelta(any(), any(), any())).willReturn(0);
        given(accounts.findBalance(USER)).willReturn(Optional.empty());

        assertThatThrownBy(() -> service("10").charge(USER, BigDecimal.ONE, JOB, "alice"))
            .isInstanceOf(NotFoundException.class);
        then(ledgerWriter).shouldHaveNoInteractions();
    }

    @Test
    void ledgerOfWhenUserUnknownThenNotFoundWithoutQueryingTheLedger() {
        given(accounts.findBalance(USER)).willReturn(Optional.empty());

        assertThatThrownBy(() -> service("10").ledgerOf(USER, 0, 20)).isInstanceOf(NotFoundException.class);
        then(ledger).shouldHaveNoInteractions();
    }

    private QuotaService service(String initialHours) {
        QuotaProperties properties = new QuotaProperties(new BigDecimal(initialHours), BigDecimal.ONE, ZoneOffset.UTC);
        return new QuotaService(accounts, ledger, ledgerWriter, summaries, properties, new LowBalanceThresholds(properties),
                events, Clock.fixed(NOW, ZoneOffset.UTC), allocations, new PeriodCalendar(ZoneOffset.UTC));
    }
}
