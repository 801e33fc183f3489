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
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the events that job and quota publish inside their transactions into outbox rows, in that
 * same transaction (a plain, synchronous listener: it runs before the publisher's commit).
 */
@Component
class OutboxListeners {

    private final Outbox outbox;
    private final UserService users;
    private final ProjectService projects;
    private final JsonMapper json;

    OutboxListeners(Outbox outbox, UserService users, ProjectService projects, JsonMapper json) {
        this.outbox = outbox;
        this.users = users;
        this.projects = projects;
        this.json = json;
    }

    @EventListener
    void on(JobStatusChanged change) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("job", jobView(change));
        data.put("from", change.from().name());
        data.put("to", change.to().name());
        data.put("by", change.by());
        outbox.record(WebhookEventTypes.JOB_STATUS_CHANGED, data);
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

    /** The job view without history, and with {@code command: null}: commands often hold secrets. */
    private ObjectNode jobView(JobStatusChanged change) {
        ObjectNode job = json.valueToTree(change.job());
        job.remove("history");
        job.putNull("command");
        return job;
    }
}
