package io.gaas.report;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gaas.project.ProjectMemberships;
import io.gaas.user.AuthenticatedUser;
import io.gaas.web.ValidationException;

/**
 * Usage reports: an ADMIN sees every job's hours, anyone else their own jobs' and every job's of the
 * projects they manage.
 */
@Service
public class ReportService {

    private final UsageQueries queries;
    private final ProjectMemberships memberships;
    private final Clock clock;

    ReportService(UsageQueries queries, ProjectMemberships memberships, Clock clock) {
        this.queries = queries;
        this.memberships = memberships;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public UsageReport usage(AuthenticatedUser caller, String from, String to, String groupBy) {
        String grouping = groupBy == null ? "user" : groupBy;
        if (!UsageQueries.GROUPINGS.contains(grouping)) {
            throw new ValidationException("groupBy", "must be one of " + String.join(", ", UsageQueries.GROUPINGS));
        }
        ReportWindow window = ReportWindow.of(from, to, clock);
        List<UsageReport.Row> rows = caller.isAdmin() ? queries.rows(window, grouping)
                : queries.rows(window, grouping, caller.id(), memberships.managedBy(caller.id()));
        UsageReport.Totals totals = new UsageReport.Totals(rows.stream().mapToLong(UsageReport.Row::jobs).sum(),
                sum(rows.stream().map(UsageReport.Row::chargedHours).toList()),
                sum(rows.stream().map(UsageReport.Row::refundedHours).toList()),
                sum(rows.stream().map(UsageReport.Row::netHours).toList()));
        return new UsageReport(window.from(), window.to(), grouping, rows, totals);
    }

    private static BigDecimal sum(List<BigDecimal> values) {
        return values.stream().reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }

    /** RFC 4180: CRLF line ends, a header line, fields quoted when they hold a comma, quote or line break. */
    static String csv(UsageReport report) {
        StringBuilder csv = new StringBuilder("key,jobs,chargedHours,refundedHours,netHours\r\n");
        for (UsageReport.Row row : report.rows()) {
            csv.append(field(row.key())).append(',').append(row.jobs()).append(',')
                .append(row.chargedHours().toPlainString()).append(',')
                .append(row.refundedHours().toPlainString()).append(',')
                .append(row.netHours().toPlainString()).append("\r\n");
        }
        return csv.toString();
    }

    private static String field(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\r") || value.contains("\n")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    static String fileName(UsageReport report) {
        return "usage-" + java.time.LocalDate.ofInstant(report.from(), java.time.ZoneOffset.UTC) + "-"
                + java.time.LocalDate.ofInstant(report.to(), java.time.ZoneOffset.UTC) + ".csv";
    }
}
