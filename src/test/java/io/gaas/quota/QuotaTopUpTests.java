package io.gaas.quota;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;

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

import io.gaas.web.NotFoundException;

/** An approved top-up request's hours: one TOP_UP entry by the admin, like every other change of hours. */
@ExtendWith(MockitoExtension.class)
class QuotaTopUpTests {

    private static final Instant NOW = Instant.parse("2026-12-01T10:15:30.123Z");
    private static final UUID ACCOUNT = UUID.randomUUID();

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
    void topUpThenAddsTheHoursAndWritesATopUpEntryWithTheNoteByTheAdmin() {
        given(accounts.applyDelta(ACCOUNT, new BigDecimal("40.00"), NOW)).willReturn(1);

        service().topUp(ACCOUNT, new BigDecimal("40"), "for the deadline", "root");

        InOrder order = inOrder(accounts, ledgerWriter);
        order.verify(accounts).applyDelta(ACCOUNT, new BigDecimal("40.00"), NOW);
        order.verify(ledgerWriter).append(ACCOUNT, LedgerKind.TOP_UP, new BigDecimal("40.00"), null, "for the deadline",
                "root");
        // An increase cannot cross the low-balance threshold downwards: nothing to read or announce.
        then(accounts).should(never()).findTypeAndBalance(ACCOUNT);
        then(events).shouldHaveNoInteractions();
    }

    @Test
    void topUpWhenNotPositiveThenRefusedAndNothingWritten() {
        assertThatThrownBy(() -> service().topUp(ACCOUNT, BigDecimal.ZERO, null, "root"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> service().topUp(ACCOUNT, new BigDecimal("-1"), null, "root"))
            .isInstanceOf(IllegalArgumentException.class);

        then(accounts).shouldHaveNoInteractions();
        then(ledgerWriter).shouldHaveNoInteractions();
    }

    @Test
    void topUpWhenMoreThanTwoDecimalsThenRefusedAndNothingWritten() {
        assertThatThrownBy(() -> service().topUp(ACCOUNT, new BigDecimal("2.505"), null, "root"))
            .isInstanceOf(ArithmeticException.class);

        then(ledgerWriter).shouldHaveNoInteractions();
    }

    @Test
    void topUpWhenNoSuchAccountThenNotFoundAndNoEntry() {
        given(accounts.applyDelta(any(), any(), any())).willReturn(0);
        given(accounts.findBalance(ACCOUNT)).willReturn(Optional.empty());

        assertThatThrownBy(() -> service().topUp(ACCOUNT, BigDecimal.ONE, null, "root"))
            .isInstanceOf(NotFoundException.class);

        then(ledgerWriter).shouldHaveNoInteractions();
    }

    private QuotaService service() {
        QuotaProperties properties = new QuotaProperties(BigDecimal.TEN, BigDecimal.ONE, ZoneOffset.UTC);
        return new QuotaService(accounts, ledger, ledgerWriter, summaries, properties, new LowBalanceThresholds(properties),
                events, Clock.fixed(NOW, ZoneOffset.UTC), allocations, new PeriodCalendar(ZoneOffset.UTC));
    }
}
