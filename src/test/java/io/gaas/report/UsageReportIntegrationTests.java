package io.gaas.report;

import static io.gaas.support.Problems.assertProblem;
import static io.gaas.support.Problems.errorFields;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import io.gaas.support.SettableClock;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import tools.jackson.databind.JsonNode;

/**
 * Usage reports against the ledgers they are counted from: after a seeded random run of
 * submissions and status changes spread over several days, every row of every grouping equals the
 * sum computed from the users' ledgers; the CSV holds the same rows; bad input is refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=reportadmin", "gaas.admin.password=" + TestHttp.PASSWORD,
                "gaas.webhooks.dispatcher-enabled=false",
                // The clock jumps across months and days here: tokens must outlive it.
                "gaas.jwt.ttl=P3650D" })
@Import(UsageReportIntegrationTests.ControllableClock.class)
class UsageReportIntegrationTests {

    /** Every run starts in a month of its own, so the window holds only what the run wrote. */
    private static final Instant START = Instant.parse("2031-03-01T06:00:00Z");

    @TestConfiguration(proxyBeanMethods = false)
    static class ControllableClock {

        @Bean
        @Primary
        SettableClock settableClock() {
            return new SettableClock(START);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    SettableClock clock;

    TestHttp http;
    String admin;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        admin = http.login("reportadmin");
    }

    private record Entry(String owner, String kind, String jobId, BigDecimal delta, Instant at) {
    }

    /** Runs seeded random steps; returns each user's name and token. */
    private Map<String, String> randomRun(long seed, Instant start) {
        System.out.println("Report model run, seed " + seed);
        clock.set(start);
        admin = http.login("reportadmin");
        Random random = new Random(seed);
        Map<String, String> tokens = new TreeMap<>();
        for (int i = 0; i < 4; i++) {
            String name = TestHttp.uniqueName("rep" + i);
            tokens.put(name, http.registerAndLogin(name));
        }
        List<String> names = new ArrayList<>(tokens.keySet());
        List<String> jobs = new ArrayList<>();
        for (int step = 0; step < 60; step++) {
            clock.moveBy(Duration.ofMinutes(random.nextInt(6 * 60)));
            String name = names.get(random.nextInt(names.size()));
            int action = random.nextInt(6);
            if (action <= 1 || jobs.isEmpty()) {
                BigDecimal hours = BigDecimal.valueOf(1 + random.nextInt(300), 2);
                Response job = http.post("/api/v1/jobs", tokens.get(name), Map.of("name", "j" + step, "gpuHours", hours));
                if (job.status() == 201) {
                    jobs.add(job.text("id"));
                }
                continue;
            }
            String job = jobs.get(random.nextInt(jobs.size()));
            switch (action) {
                case 2 -> http.patch("/api/v1/jobs/" + job + "/status", admin, Map.of("status", "APPROVED"));
                case 3 -> http.patch("/api/v1/jobs/" + job + "/status", admin, Map.of("status", "PROCESSING"));
                case 4 -> http.patch("/api/v1/jobs/" + job + "/status", admin, Map.of("status",
                        random.nextBoolean() ? "COMPLETED" : "FAILED", "usedHours", BigDecimal.valueOf(random.nextInt(2),
                                2)));
                default -> http.post("/api/v1/jobs/" + job + "/cancel", admin, null);
            }
        }
        return tokens;
    }

    private List<Entry> jobEntries(Map<String, String> tokens) {
        List<Entry> entries = new ArrayList<>();
        tokens.forEach((name, token) -> {
            Response ledger = http.get("/api/v1/users/me/ledger?size=100", token);
            assertThat(ledger.status()).isEqualTo(200);
            ledger.json().get("content").forEach(entry -> {
                String kind = entry.get("kind").asString();
                if (kind.equals("JOB_CHARGE") || kind.equals("JOB_REFUND")) {
                    entries.add(new Entry(name, kind, entry.get("jobId").asString(),
                            entry.get("deltaHours").decimalValue(), Instant.parse(entry.get("at").asString())));
                }
            });
        });
        return entries;
    }

    private record Expected(Set<String> jobs, BigDecimal[] hours) {
    }

    private static Map<String, List<String>> expectedRows(List<Entry> entries, Function<Entry, String> key) {
        Map<String, Expected> rows = new TreeMap<>();
        for (Entry entry : entries) {
            Expected row = rows.computeIfAbsent(key.apply(entry), k -> new Expected(new HashSet<>(),
                    new BigDecimal[] { BigDecimal.ZERO, BigDecimal.ZERO }));
            if (entry.kind().equals("JOB_CHARGE")) {
                row.jobs().add(entry.jobId());
                row.hours()[0] = row.hours()[0].add(entry.delta().negate());
            }
            else {
                row.hours()[1] = row.hours()[1].add(entry.delta());
            }
        }
        Map<String, List<String>> result = new TreeMap<>();
        rows.forEach((k, row) -> result.put(k, List.of(String.valueOf(row.jobs().size()),
                row.hours()[0].setScale(2).toPlainString(), row.hours()[1].setScale(2).toPlainString(),
                row.hours()[0].subtract(row.hours()[1]).setScale(2).toPlainString())));
        return result;
    }

    private static Map<String, List<String>> jsonRows(JsonNode report) {
        Map<String, List<String>> rows = new java.util.LinkedHashMap<>();
        report.get("rows").forEach(row -> rows.put(row.get("key").asString(), List.of(row.get("jobs").asString(),
                row.get("chargedHours").decimalValue().setScale(2).toPlainString(),
                row.get("refundedHours").decimalValue().setScale(2).toPlainString(),
                row.get("netHours").decimalValue().setScale(2).toPlainString())));
        return rows;
    }

    /** RFC 4180 as the service writes it: CRLF lines, quoted fields where needed. */
    private static Map<String, List<String>> csvRows(String csv) {
        assertThat(csv).endsWith("\r\n");
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).isEqualTo("key,jobs,chargedHours,refundedHours,netHours");
        Map<String, List<String>> rows = new java.util.LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            List<String> fields = parseCsvLine(lines[i]);
            assertThat(fields).hasSize(5);
            rows.put(fields.getFirst(), fields.subList(1, 5));
        }
        return rows;
    }

    private static List<String> parseCsvLine(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            }
            else if (c == '"') {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            }
            else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    @ParameterizedTest
    @ValueSource(longs = { 7L, 20261201L })
    void reportsEqualTheLedgersForEveryGrouping(long seed) {
        LocalDate month = LocalDate.of(2031, 3, 1).plusMonths(seed % 12 + (seed == 7L ? 0 : 12));
        Instant start = month.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(6));
        Map<String, String> tokens = randomRun(seed, start);
        List<Entry> entries = jobEntries(tokens);
        assertThat(entries).isNotEmpty();
        String window = "from=" + month + "&to=" + month.plusMonths(1);
        Map<String, Function<Entry, String>> groupings = Map.of("user", Entry::owner, "project", entry -> "-",
                "pool", entry -> "default", "day", entry -> LocalDate.ofInstant(entry.at(), ZoneOffset.UTC).toString());

        groupings.forEach((groupBy, key) -> {
            Response report = http.get("/api/v1/reports/usage?" + window + "&groupBy=" + groupBy, admin);
            assertThat(report.status()).as(report.body()).isEqualTo(200);
            Map<String, List<String>> rows = jsonRows(report.json());
            assertThat(rows).as(groupBy).isEqualTo(expectedRows(entries, key));
            assertThat(new ArrayList<>(rows.keySet())).isSorted();
            assertThat(report.text("groupBy")).isEqualTo(groupBy);
            assertThat(Instant.parse(report.text("from"))).isEqualTo(month.atStartOfDay(ZoneOffset.UTC).toInstant());
            JsonNode totals = report.json().get("totals");
            assertThat(totals.get("chargedHours").decimalValue()).isEqualByComparingTo(entries.stream()
                .filter(e -> e.kind().equals("JOB_CHARGE")).map(e -> e.delta().negate())
                .reduce(BigDecimal.ZERO, BigDecimal::add));
            assertThat(totals.get("jobs").asLong()).isEqualTo(report.json().get("rows").valueStream()
                .mapToLong(row -> row.get("jobs").asLong()).sum());

            Response csv = http.get("/api/v1/reports/usage?" + window + "&groupBy=" + groupBy + "&format=csv", admin);
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.header("Content-Type")).startsWith("text/csv");
            assertThat(csv.header("Content-Disposition")).isEqualTo("attachment; filename=\"usage-" + month + "-"
                    + month.plusMonths(1) + ".csv\"");
            assertThat(csvRows(csv.body())).isEqualTo(rows);
        });

        tokens.forEach((name, token) -> {
            Response own = http.get("/api/v1/reports/usage?" + window + "&groupBy=user", token);
            assertThat(own.status()).isEqualTo(200);
            Map<String, List<String>> expected = expectedRows(entries.stream().filter(e -> e.owner().equals(name))
                .toList(), Entry::owner);
            assertThat(jsonRows(own.json())).isEqualTo(expected);
        });
    }

    @Test
    void acceptTextCsvThenCsvAndWithoutRowsOnlyTheHeader() {
        String token = http.registerAndLogin(TestHttp.uniqueName("csv"));

        Response csv = http.send("GET", "/api/v1/reports/usage?from=2020-01-01&to=2020-02-01", token, null, null,
                Map.of("Accept", "text/csv"));

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.body()).isEqualTo("key,jobs,chargedHours,refundedHours,netHours\r\n");
        assertThat(csv.header("Content-Disposition")).isEqualTo("attachment; filename=\"usage-2020-01-01-2020-02-01.csv\"");
    }

    @Test
    void noWindowThenTheCurrentUtcMonth() {
        clock.set(Instant.parse("2031-02-14T23:30:00Z"));
        String token = http.registerAndLogin(TestHttp.uniqueName("month"));

        Response report = http.get("/api/v1/reports/usage", token);

        assertThat(report.status()).as(report.body()).isEqualTo(200);
        assertThat(report.text("from")).isEqualTo("2031-02-01T00:00:00Z");
        assertThat(report.text("to")).isEqualTo("2031-03-01T00:00:00Z");
        assertThat(report.text("groupBy")).isEqualTo("user");
        assertThat(report.json().get("rows").size()).isZero();
        assertThat(report.json().get("totals").get("netHours").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void instantsAreAcceptedAsBounds() {
        Response report = http.get("/api/v1/reports/usage?from=2031-01-01T12:00:00Z&to=2031-01-02T00:00:00.5Z", admin);

        assertThat(report.status()).as(report.body()).isEqualTo(200);
        assertThat(report.text("from")).isEqualTo("2031-01-01T12:00:00Z");
    }

    @ParameterizedTest
    @ValueSource(strings = { "from=2031-02-01&to=2031-01-01|from", "from=2031-01-01&to=2031-01-01|from",
            "from=2030-01-01&to=2031-01-03|to", "from=yesterday|from", "to=2031-13-01|to", "from=2031-1-1|from",
            "from=2031-01-01T00:00:00|from", "groupBy=owner|groupBy", "groupBy=USER|groupBy", "format=xml|format",
            "groupBy=|groupBy" })
    void badInputThen400NamingTheParameter(String caseText) {
        String[] parts = caseText.split("\\|");

        Response refused = http.hostile().get("/api/v1/reports/usage?" + parts[0], admin);

        assertProblem(refused, 400, "VALIDATION_FAILED");
        assertThat(errorFields(refused)).containsExactly(parts[1]);
    }

    @Test
    void badInputWithAcceptTextCsvThenStillAProblem() {
        Response refused = http.hostile().send("GET", "/api/v1/reports/usage?groupBy=nope", admin, null, null,
                Map.of("Accept", "text/csv"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void withoutATokenThen401() {
        assertProblem(http.get("/api/v1/reports/usage", null), 401, "UNAUTHENTICATED");
    }
}
