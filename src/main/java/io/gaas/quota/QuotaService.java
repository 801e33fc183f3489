package io.gaas.quota;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
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

    private final QuotaAccountRepository accounts;
    private final LedgerEntryRepository ledger;
    private final LedgerWriter ledgerWriter;
    private final AccountSummaries summaries;
    private final QuotaProperties properties;
    private final LowBalanceThresholds thresholds;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    QuotaService(QuotaAccountRepository accounts, LedgerEntryRepository ledger, LedgerWriter ledgerWriter,
            AccountSummaries summaries, QuotaProperties properties, LowBalanceThresholds thresholds, ApplicationEventPublisher events,
            Clock clock) {
        this.accounts = accounts;
        this.ledger = ledger;
        this.ledgerWriter = ledgerWriter;
        this.summaries = summaries;
        this.properties = properties;
        this.thresholds = thresholds;
        this.events = events;
        this.clock = clock;
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

    /** Gives hours of a job back; a zero refund writes nothing. */
    @Transactional
    public void refund(UUID accountId, BigDecimal hours, UUID jobId, String actor) {
        BigDecimal amount = Hours.exact(hours);
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
        // The entry's time is decided in the UPDATE, under the account's lock, not here: see applyDelta.
        if (accounts.applyDelta(accountId, delta, Timestamps.now(clock)) == 0) {
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
