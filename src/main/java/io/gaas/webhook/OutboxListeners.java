package io.gaas.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.gaas.job.JobStatusChanged;
import io.gaas.project.ProjectRef;
import io.gaas.project.ProjectService;
import io.gaas.quota.BalanceFellBelowThreshold;
import io.gaas.user.UserService;
import io.gaas.worker.WorkerLost;

/**
 * Turns the events that job, worker and quota publish inside their transactions into outbox rows,
 * in that same transaction (a plain, synchronous listener: it runs before the publisher's commit).
 */
@Component
class OutboxListeners {

    private final Outbox outbox;
    private final UserService users;
    private final ProjectService projects;

    OutboxListeners(Outbox outbox, UserService users, ProjectService projects) {
        this.outbox = outbox;
        this.users = users;
        this.projects = projects;
    }

    @EventListener
    void on(JobStatusChanged change) {
        outbox.record(WebhookEventTypes.JOB_STATUS_CHANGED, data(change));
    }

    /**
     * The {@code data} of a {@code job.status_changed} event. The one-statement submission on
     * PostgreSQL renders an auto-approval's in SQL ({@code JobSubmissions}); a test holds the two equal.
     */
    Map<String, Object> data(JobStatusChanged change) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("job", change.job().withoutCommandOrHistory());
        data.put("from", change.from().name());
        data.put("to", change.to().name());
        data.put("by", change.by());
        return data;
    }

    @EventListener
    void on(WorkerLost lost) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("worker", lost.worker());
        data.put("job", lost.job().withoutCommandOrHistory());
        outbox.record(WebhookEventTypes.WORKER_LOST, data);
    }

    @EventListener
    void on(BalanceFellBelowThreshold low) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("type", low.type().name());
        account.put("id", low.accountId());
        account.put("name", accountName(low));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("account", account);
        data.put("balance", low.balance());
        data.put("lowBalanceHours", low.lowBalanceHours());
        outbox.record(WebhookEventTypes.QUOTA_LOW, data);
    }

    private String accountName(BalanceFellBelowThreshold low) {
        return switch (low.type()) {
            case USER -> users.view(low.accountId()).username();
            case PROJECT -> projects.find(low.accountId()).map(ProjectRef::name).orElseThrow();
        };
    }
}
