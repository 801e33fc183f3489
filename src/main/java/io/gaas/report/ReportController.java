package io.gaas.report;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.gaas.user.AuthenticatedUser;
import io.gaas.user.CurrentUser;
import io.gaas.web.ValidationException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/reports")
@Tag(name = "Reports")
class ReportController {

    static final String TEXT_CSV = "text/csv";

    private final ReportService reports;

    ReportController(ReportService reports) {
        this.reports = reports;
    }

    @GetMapping(path = "/usage", produces = { MediaType.APPLICATION_JSON_VALUE, TEXT_CSV })
    @Operation(summary = "GPU-hours used in a window, grouped",
            description = "Counted from the ledger's JOB_CHARGE and JOB_REFUND entries in [from, to). An ADMIN sees "
                    + "every job; anyone else only their own jobs. CSV with Accept: text/csv or format=csv.")
    @ApiResponse(responseCode = "200", description = "The report",
            headers = @Header(name = "Content-Disposition", description = "For CSV only: attachment; "
                    + "filename=\"usage-<from>-<to>.csv\"", schema = @Schema(type = "string")),
            content = {
                @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                        schema = @Schema(implementation = UsageReport.class)),
                @Content(mediaType = TEXT_CSV, schema = @Schema(type = "string"),
                        examples = @ExampleObject(value = "key,jobs,chargedHours,refundedHours,netHours\r\n"
                                + "alice,12,30.50,4.25,26.25\r\n")) })
    ResponseEntity<?> usage(@CurrentUser AuthenticatedUser caller,
            @Parameter(description = "Inclusive start: a UTC date (2026-11-01) or instant; default the start of "
                    + "the current UTC month") @RequestParam(required = false) String from,
            @Parameter(description = "Exclusive end: a UTC date or instant; default the start of next month; at "
                    + "most 366 days after from") @RequestParam(required = false) String to,
            @Parameter(schema = @Schema(allowableValues = { "user", "project", "pool", "day" },
                    defaultValue = "user")) @RequestParam(required = false) String groupBy,
            @Parameter(schema = @Schema(allowableValues = { "json", "csv" })) @RequestParam(required = false)
            String format,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        boolean csv = wantsCsv(format, accept);
        UsageReport report = reports.usage(caller, from, to, groupBy);
        if (!csv) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
        }
        return ResponseEntity.ok()
            .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
            .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + ReportService.fileName(report) + "\"")
            .body(ReportService.csv(report));
    }

    /** {@code format} wins; without it, CSV when the client accepts CSV and prefers it to JSON (or lacks JSON). */
    private static boolean wantsCsv(String format, String accept) {
        if (format != null) {
            return switch (format) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw new ValidationException("format", "must be json or csv");
            };
        }
        if (accept == null || accept.isBlank()) {
            return false;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(accept);
        }
        catch (org.springframework.http.InvalidMediaTypeException unreadable) {
            return false;
        }
        accepted = new java.util.ArrayList<>(accepted);
        accepted.sort(java.util.Comparator.comparingDouble(MediaType::getQualityValue).reversed());
        for (MediaType type : accepted) {
            if (type.getQualityValue() > 0 && type.getType().equals("text") && type.getSubtype().equals("csv")) {
                return true;
            }
            if (type.getQualityValue() > 0 && type.includes(MediaType.APPLICATION_JSON)) {
                return false;
            }
        }
        return false;
    }
}
