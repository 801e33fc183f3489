package io.gaas.project;

import java.time.ZoneOffset;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gaas.quota.AccountRefilled;
import io.gaas.quota.AccountType;

/**
 * A project's refill starts its members' spending windows again: {@code spent_hours} back to 0 and
 * the window from the refill's time. It runs inside the refill's transaction, which holds the
 * project's account row, so the member rows are locked after it (account, then members) as on
 * every other path, and a cap is never judged against half a refill.
 */
@Component
class MemberWindows {

    private final JdbcClient jdbc;

    MemberWindows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(AccountRefilled refill) {
        if (refill.type() != AccountType.PROJECT) {
            return;
        }
        jdbc.sql("UPDATE project_members SET spent_hours = 0, window_start = :at WHERE project_id = :projectId")
            .param("at", refill.at().atOffset(ZoneOffset.UTC))
            .param("projectId", refill.accountId())
            .update();
    }
}
