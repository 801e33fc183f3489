package io.gaas.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** Hours charged and refunded in [from, to), one row per key, ordered by key, and their totals. */
public record UsageReport(Instant from, Instant to,
        @Schema(allowableValues = { "user", "project", "pool", "day" }) String groupBy, List<Row> rows,
        Totals totals) {

    public record Row(@Schema(example = "alice") String key, @Schema(example = "12") long jobs,
            @Schema(example = "30.5") BigDecimal chargedHours, @Schema(example = "4.25") BigDecimal refundedHours,
            @Schema(example = "26.25") BigDecimal netHours) {
    }

    public record Totals(long jobs, BigDecimal chargedHours, BigDecimal refundedHours, BigDecimal netHours) {
    }
}
