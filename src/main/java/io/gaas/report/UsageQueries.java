package io.gaas.report;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The report's one SQL aggregation over the ledger's JOB_CHARGE and JOB_REFUND entries in the
 * window, joined to their jobs for the owner; no loop over accounts.
 */
@Component
class UsageQueries {

    /**
     * The SQL expression of each grouping's key. A job keeps its pool's and its project's names, as
     * its owner's; a personal job's project key is {@code -}, which no project's name can be.
     */
    private static final Map<String, String> KEYS = Map.of(
            "user", "j.owner_username",
            "project", "COALESCE(j.project_name, CAST('-' AS VARCHAR(32)))",
            "pool", "j.pool_name",
            "day", "CAST(CAST(l.created_at AT TIME ZONE 'UTC' AS DATE) AS VARCHAR(10))");

    static final List<String> GROUPINGS = List.of("user", "project", "pool", "day");

    private final JdbcClient jdbc;

    UsageQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Rows ordered by key, of every job's entries. */
    List<UsageReport.Row> rows(ReportWindow window, String groupBy) {
        return rows(window, groupBy, null, List.of());
    }

    /**
     * Rows ordered by key; {@code ownerId} null for everything, else only the entries of that user's
     * jobs and of the jobs charged to {@code projectIds} (the projects the user manages).
     */
    List<UsageReport.Row> rows(ReportWindow window, String groupBy, UUID ownerId, List<UUID> projectIds) {
        String key = KEYS.get(groupBy);
        String visible = ownerId == null ? ""
                : projectIds.isEmpty() ? "AND j.owner_id = :ownerId"
                        : "AND (j.owner_id = :ownerId OR j.project_id IN (:projectIds))";
        Map<String, Object> params = ownerId == null ? Map.of()
                : projectIds.isEmpty() ? Map.of("ownerId", ownerId) : Map.of("ownerId", ownerId, "projectIds", projectIds);
        return jdbc.sql("""
                SELECT %s AS report_key,
                       COUNT(DISTINCT CASE WHEN l.kind = 'JOB_CHARGE' THEN l.job_id END) AS jobs,
                       COALESCE(SUM(CASE WHEN l.kind = 'JOB_CHARGE' THEN -l.delta_hours END), 0) AS charged,
                       COALESCE(SUM(CASE WHEN l.kind = 'JOB_REFUND' THEN l.delta_hours END), 0) AS refunded
                FROM quota_ledger l JOIN gpu_jobs j ON j.id = l.job_id
                WHERE l.kind IN ('JOB_CHARGE', 'JOB_REFUND') AND l.created_at >= :from AND l.created_at < :to
                  %s
                GROUP BY 1""".formatted(key, visible))
            .params(params)
            .param("from", window.from().atOffset(ZoneOffset.UTC))
            .param("to", window.to().atOffset(ZoneOffset.UTC))
            .query((row, i) -> {
                BigDecimal charged = row.getBigDecimal("charged").setScale(2);
                BigDecimal refunded = row.getBigDecimal("refunded").setScale(2);
                return new UsageReport.Row(row.getString("report_key"), row.getLong("jobs"), charged, refunded,
                        charged.subtract(refunded));
            })
            .list()
            .stream()
            // Ordered here, not in SQL: the same order (by UTF-16 code units) whatever the database's collation.
            .sorted(java.util.Comparator.comparing(UsageReport.Row::key))
            .toList();
    }
}
