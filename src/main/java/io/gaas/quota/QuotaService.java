package io.gaas.quota;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.gaas.config.BusinessMetrics;
import io.gaas.config.Timestamps;
import io.gaas.web.NotFoundException;
import io.gaas.web.PageResponse;

/**
 * Owns every change of hours. Each change is one conditional UPDATE of the account plus one
 * ledger row, in the caller's transaction, so a balance and its ledger can never disagree. The
 * entry's time is decided by that UPDATE too, so times never decrease along an account's sequence.
 */
@Service
@Transactional(readOnly = true)
public class QuotaService {

    /** Who the service itself is in ledgers (a reserved username, so no user can be it). */
    private static final String SYSTEM = "system";

    private final QuotaAccountRepository accounts;
    private final LedgerEntryRepository ledger;
    private final LedgerWriter ledgerWriter;
    private final AccountSummaries summaries;
    private final QuotaProperties properties;
    private final LowBalanceThresholds thresholds;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final AllocationStore allocations;
    private final PeriodCalendar calendar;

    QuotaService(QuotaAccountRepository accounts, LedgerEntryRepository ledger, LedgerWriter ledgerWriter,
            AccountSummaries summaries, QuotaProperties properties, LowBalanceThresholds thresholds, ApplicationEventPublisher events,
            Clock clock, AllocationStore allocations, PeriodCalendar calendar) {
        this.accounts = accounts;
        this.ledger = ledger;
        this.ledgerWriter = ledgerWriter;
        this.summaries = summaries;
        this.properties = properties;
        this.thresholds = thresholds;
        this.events = events;
        this.clock = clock;
        this.allocations = allocations;
        this.calendar = calendar;
    }

    /** Opens the account of a new user with the configured initial grant. */
    @Transactional
    public void openAccount(UUID userId, String actor) {
        openAccount(userId, actor, properties.initialHours());
    }

    /** Opens the account of a new user with the given initial grant (zero writes no ledger entry). */
    @Transactional
    public void openAccount(UUID userId, String actor, BigDecimal initialHours) {
        openAccount(userId, AccountType.USER, actor, initialHours);
    }

    /**
     * Opens an account whose id is its owner's (a user's or a project's), with the given initial
     * grant (zero writes no ledger entry).
     */
    @Transactional
    public void openAccount(UUID accountId, AccountType type, String actor, BigDecimal initialHours) {
        accounts.open(accountId, type.name());
        BigDecimal initial = Hours.exact(initialHours);
        if (initial.signum() > 0) {
            apply(accountId, initial, LedgerKind.INITIAL_GRANT, null, null, actor);
        }
    }

    /**
     * Charges a job's hours, or throws {@link InsufficientQuotaException} and changes nothing. Safe
     * under any concurrency: the check and the deduction are one statement.
     *
     * @return the time of the charge's ledger entry, which the job takes as its submission time
     */
    @Transactional
    public Instant charge(UUID accountId, BigDecimal hours, UUID jobId, String actor) {
        apply(accountId, Hours.exact(hours).negate(), LedgerKind.JOB_CHARGE, jobId, null, actor);
        return accounts.findLastEntryAt(accountId).orElseThrow();
    }

    /**
     * Gives hours of a job back to the account it was charged to, at {@code chargedAt}. A job charged
     * before the account's last refill gets back only what fits under {@code hours + carryOverHours}
     * of the allocation as it is now (see {@link AccountState#refundable}). A refund that comes to 0
     * writes nothing.
     */
    @Transactional
    public void refund(UUID accountId, BigDecimal hours, UUID jobId, Instant chargedAt, String actor) {
        BigDecimal asked = Hours.exact(hours);
        if (asked.signum() <= 0) {
            return;
        }
        // The row lock makes the cap and the refund one step: no refill can come in between.
        BigDecimal amount = allocations.lock(accountId)
            .map(account -> account.refundable(asked, chargedAt))
            .orElse(asked);
        if (amount.signum() > 0) {
            apply(accountId, amount, LedgerKind.JOB_REFUND, jobId, null, actor);
        }
    }

    /** An admin's grant (positive) or withdrawal (negative); a withdrawal never goes below 0. */
    @Transactional
    public BigDecimal adjust(UUID accountId, BigDecimal delta, String note, String actor) {
        apply(accountId, Hours.exact(delta), LedgerKind.ADMIN_ADJUSTMENT, null, note, actor);
        return balanceOf(accountId);
    }

    /**
     * Gives the account an allocation, replacing any it had. It does not refill: the first refill
     * comes at the next period start after now.
     */
    @Transactional
    public void setAllocation(UUID accountId, BigDecimal hours, AllocationPeriod period, BigDecimal carryOverHours) {
        Instant next = calendar.nextStartAfter(period, Timestamps.now(clock));
        if (allocations.set(accountId, Hours.exact(hours), period, Hours.exact(carryOverHours), next) == 0) {
            throw new NotFoundException("No such account.");
        }
    }

    /** Takes the account's allocation away; its balance stays as it is. */
    @Transactional
    public void removeAllocation(UUID accountId) {
        if (allocations.clear(accountId) == 0) {
            throw new NotFoundException("No such account.");
        }
    }

    /**
     * Starts a new period now, by {@code actor} (an admin): the same refill as at a period start,
     * but the next scheduled start stays as it is. No allocation: {@link NoAllocationException}.
     */
    @Transactional
    public void refillNow(UUID accountId, String actor) {
        AccountState account = allocations.lock(accountId).orElseThrow(() -> new NotFoundException("No such account."));
        if (!account.hasAllocation()) {
            throw new NoAllocationException();
        }
        refill(account, actor, account.nextRefillAt());
        BusinessMetrics.refillDone("manual");
    }

    /**
     * Refills one account whose period start has come, if there is one that no other transaction
     * holds, by {@code system}. However late it runs, it refills once and schedules the first start
     * after now: periods missed while the service was down are applied once, not once each.
     *
     * @return whether an account was refilled (the caller repeats until none is left)
     */
    @Transactional
    public boolean refillNextDue() {
        Instant now = Timestamps.now(clock);
        return allocations.lockNextDue(now).map(account -> {
            refill(account, SYSTEM, calendar.nextStartAfter(account.period(), now));
            BusinessMetrics.refillDone("scheduled");
            return true;
        }).orElse(false);
    }

    /**
     * balance := min(balance, carryOverHours) + hours, as one PERIOD_REFILL entry (none when nothing
     * changes: the ledger holds changes only). The period begins at the refill's own time, decided
     * under the account's lock like every entry's and strictly after the account's newest entry, so
     * "charged before the last refill" means exactly the charges that come before it in the account's
     * sequence, even when a charge and the refill read the same clock tick.
     */
    private void refill(AccountState account, String actor, Instant nextRefillAt) {
        UUID accountId = account.accountId();
        BigDecimal delta = account.refilledBalance().subtract(account.balance());
        Instant now = Timestamps.now(clock);
        Instant refilledAt = account.lastEntryAt() != null && !account.lastEntryAt().isBefore(now)
                ? account.lastEntryAt().plus(1, ChronoUnit.MICROS) : now;
        if (delta.signum() != 0) {
            apply(accountId, delta, LedgerKind.PERIOD_REFILL, null, null, actor, refilledAt);
        }
        allocations.recordRefill(accountId, refilledAt, nextRefillAt);
        events.publishEvent(new AccountRefilled(accountId, account.type(), refilledAt));
    }

    /** One SELECT by primary key: it joins the caller's transaction, but needs none of its own. */
    @Transactional(propagation = Propagation.SUPPORTS)
    public BigDecimal balanceOf(UUID accountId) {
        return accounts.findBalance(accountId).orElseThrow(() -> new NotFoundException("No such user."));
    }

    /** The account's balance, own low-balance threshold and allocation; 404 for no such account. */
    @Transactional(propagation = Propagation.SUPPORTS)
    public AccountSummary summaryOf(UUID accountId) {
        return summaries.find(accountId).orElseThrow(() -> new NotFoundException("No such account."));
    }

    /** The summaries of the accounts that exist among {@code accountIds}, by id. */
    public Map<UUID, AccountSummary> summariesOf(Collection<UUID> accountIds) {
        return summaries.findAll(accountIds)
            .stream()
            .collect(Collectors.toMap(AccountSummary::id, summary -> summary));
    }

    /** Sets the account's own low-balance threshold; {@code null} goes back to the configured default. */
    @Transactional
    public void setLowBalanceHours(UUID accountId, BigDecimal hours) {
        if (accounts.setLowBalanceHours(accountId, hours == null ? null : Hours.exact(hours)) == 0) {
            throw new NotFoundException("No such account.");
        }
    }

    /** The hours of an approved top-up request, added to the user's or project's account. */
    @Transactional
    public void topUp(UUID accountId, BigDecimal hours, String note, String actor) {
        BigDecimal amount = Hours.exact(hours);
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a top-up must be positive: " + amount);
        }
        apply(accountId, amount, LedgerKind.TOP_UP, null, note, actor);
    }

    public Map<UUID, BigDecimal> balancesOf(Collection<UUID> accountIds) {
        return accounts.findAllByAccountIdIn(accountIds)
            .stream()
            .collect(Collectors.toMap(QuotaAccount::getAccountId, QuotaAccount::getBalance));
    }

    /** The account's ledger, newest first (by the per-account sequence). */
    public PageResponse<LedgerEntryResponse> ledgerOf(UUID accountId, int page, int size) {
        balanceOf(accountId); // 404 for an account that does not exist, rather than an empty ledger
        return PageResponse.from(ledger.findByAccountId(accountId, LedgerPages.of(page, size)), LedgerEntryResponse::from);
    }

    /**
     * The error for a charge of {@code hours} that the account could not cover, with what remains;
     * counted as a rejection. For writers that charge in a statement of their own.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public InsufficientQuotaException rejection(UUID accountId, BigDecimal hours) {
        BigDecimal remaining = balanceOf(accountId);
        BusinessMetrics.quotaRejected();
        return new InsufficientQuotaException(hours, remaining);
    }

    /**
     * Only a decrease can cross the threshold downwards, so increases cost no extra read. The
     * balance is read inside the transaction that holds the account's row lock: it is the balance
     * this change left.
     */
    private void announceIfLow(UUID accountId, AccountBalance account, BigDecimal delta) {
        BigDecimal threshold = thresholds.effective(account.lowBalanceHours());
        BigDecimal after = account.balance();
        if (LowBalanceThresholds.crossed(after, delta, threshold)) {
            events.publishEvent(new BalanceFellBelowThreshold(account.type(), accountId, after, threshold));
        }
    }

    private void apply(UUID accountId, BigDecimal delta, LedgerKind kind, UUID jobId, String note, String actor) {
        apply(accountId, delta, kind, jobId, note, actor, Timestamps.now(clock));
    }

    private void apply(UUID accountId, BigDecimal delta, LedgerKind kind, UUID jobId, String note, String actor,
            Instant now) {
        // The entry's time is decided in the UPDATE, under the account's lock, not here: see applyDelta.
        if (accounts.applyDelta(accountId, delta, now) == 0) {
            throw rejection(accountId, delta.negate());
        }
        ledgerWriter.append(accountId, kind, delta, jobId, note, actor);
        boolean jobHours = kind == LedgerKind.JOB_CHARGE || kind == LedgerKind.JOB_REFUND;
        if (delta.signum() >= 0 && !jobHours) {
            return;
        }
        // One read for both the threshold and the metric's account type.
        AccountBalance account = accounts.findTypeAndBalance(accountId).orElseThrow();
        if (delta.signum() < 0) {
            announceIfLow(accountId, account, delta);
        }
        // Metrics are doubles and only approximate: the ledger is the exact record.
        if (kind == LedgerKind.JOB_CHARGE) {
            BusinessMetrics.hoursCharged(account.type().name(), delta.negate());
        }
        else if (kind == LedgerKind.JOB_REFUND) {
            BusinessMetrics.hoursRefunded(account.type().name(), delta);
        }
    }
}
