package io.gaas;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Which feature's code names which tables. {@link ModularityTests} sees dependencies between Java
 * types only; a feature that reads or writes another feature's table in SQL is invisible to it.
 * Here every table has one owning feature, and any other feature's use of it must be on the
 * allow-list below, with the reason it does not go through the owner's service.
 *
 * <p>The scan reads the main sources: SQL in string literals and text blocks (comments are
 * skipped) and the table names of JPA mappings.
 */
class TableOwnershipTests {

    /** Each table of the schema and the one feature (top-level package) that owns it. */
    static final Map<String, String> OWNERS = Map.ofEntries(
            entry("users", "user"),
            entry("quota_accounts", "quota"),
            entry("quota_ledger", "quota"),
            entry("gpu_jobs", "job"),
            entry("job_history", "job"),
            entry("idempotency_keys", "job"),
            entry("login_failures", "auth"),
            entry("pools", "pool"),
            entry("job_outputs", "job"),
            entry("workers", "worker"),
            entry("lease_sweeps", "worker"),
            entry("webhooks", "webhook"),
            entry("webhook_events", "webhook"),
            entry("webhook_deliveries", "webhook"),

            entry("projects", "project"),
            entry("project_members", "project"),
            entry("personal_tokens", "token"),
            entry("quota_requests", "request"),
            entry("registrations", "user"),
            entry("throttle_locks", "throttle"));

    /** Uses of another feature's table, each with its reason. A WRITE allowance covers reads too. */
    static final List<Allowance> ALLOWED = List.of(
            new Allowance("job", "quota_accounts", Access.WRITE, "the one-statement submission on PostgreSQL "
                    + "(JobSubmissions) charges the account in the statement that inserts the job: one round trip "
                    + "on the hottest path instead of five (begin, charge, ledger entry, job, commit)"),
            new Allowance("job", "quota_ledger", Access.WRITE, "the same statement writes the charge's ledger "
                    + "entry from the account row it has just updated, as the quota service's LedgerWriter does"),
            new Allowance("job", "pools", Access.READ, "the same statement reads the job's pool to price the "
                    + "charge at its weight and to refuse a pool that is disabled or too small, in the round trip "
                    + "that charges; a claim's candidate query (JobRuns) and the wait reason (WaitReasons) check the "
                    + "pool in the query that picks or shows the job"),
            new Allowance("job", "workers", Access.READ, "a waiting job's waitReason (WaitReasons) asks whether any "
                    + "enabled worker of the pool has the job's GPUs, in the one query that computes the reason; the "
                    + "job feature may not depend on the worker feature, which depends on it"),
            new Allowance("worker", "pools", Access.READ, "worker views show their pool's name (WorkerQueries): one "
                    + "query per page of workers"),
            new Allowance("worker", "gpu_jobs", Access.READ, "worker views count each worker's running jobs "
                    + "(WorkerQueries): one query per page of workers; every write to jobs goes through JobRuns"),
            new Allowance("pool", "gpu_jobs", Access.READ, "jobsWaiting of the pool views and metrics counts the "
                    + "pool's APPROVED jobs in the query that reads the pools (PoolQueries): one query per page"),
            new Allowance("job", "webhook_events", Access.WRITE, "the same statement records the quota.low event "
                    + "of the outbox when the charge takes the balance below the threshold, and the job.status_changed "
                    + "event of an auto-approval: each commits with the charge, and a submission that crosses "
                    + "nothing and is not auto-approved costs no extra round trip"),
            new Allowance("job", "webhooks", Access.READ, "the same statement writes those events only when an "
                    + "enabled webhook subscribes to them, as the outbox does, in the same round trip"),
            new Allowance("report", "quota_ledger", Access.READ, "a usage report is one SQL aggregation of the "
                    + "ledger's job entries in a window (no loop over accounts through the quota service)"),
            new Allowance("report", "gpu_jobs", Access.READ, "the same aggregation joins each entry to its job "
                    + "for the owner (and later the pool and project)"),
            new Allowance("user", "quota_accounts", Access.READ, "the account view (UserQueries.findView, "
                    + "GET /users/me) reads the balance in the same SELECT as the user: one round trip, read only"),
            new Allowance("project", "quota_accounts", Access.READ, "a new member's window starts at the project "
                    + "account's newest ledger time (ProjectQueries), read in the INSERT that adds them, so that charges "
                    + "on replicas whose clocks lag still fall inside it"),
            new Allowance("project", "users", Access.READ, "member views show their usernames (ProjectQueries): "
                    + "one query per page of members, read only; members are added by username through the user "
                    + "service"),
            new Allowance("token", "users", Access.READ, "authenticating a personal token (PersonalTokenQueries."
                    + "findByHash, on every request that carries one) reads the token and its user's role and state "
                    + "in one SELECT: one database read per request, as for login tokens"));

    enum Access {
        READ, WRITE
    }

    record Allowance(String feature, String table, Access access, String reason) {

        boolean permits(Use use) {
            return feature.equals(use.feature()) && table.equals(use.table()) && access.compareTo(use.access()) >= 0;
        }
    }

    record Use(String feature, String file, String table, Access access) {

        @Override
        public String toString() {
            return "%s %s %s (owned by %s)".formatted(file, access == Access.WRITE ? "writes" : "reads", table,
                    OWNERS.get(table));
        }
    }

    private static final Path MAIN_SOURCES = Path.of("src/main/java/io/gaas");

    private static final Path MIGRATIONS = Path.of("src/main/resources/db");

    private static final Pattern CREATE_OR_DROP_TABLE = Pattern
        .compile("(?i)\\b(CREATE|DROP)\\s+TABLE\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?(\\w+)");

    private static final Pattern MIGRATION_VERSION = Pattern.compile("V(\\d+)__.*\\.sql");

    private static final Pattern SQL_TABLE = Pattern
        .compile("(?i)\\b(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|MERGE\\s+INTO|TRUNCATE(?:\\s+TABLE)?|FROM|JOIN)\\s+(\\w+)");

    private static final Pattern MAPPED_TABLE = Pattern
        .compile("@(?:\\w+\\.)*(?:Table|CollectionTable|JoinTable|SecondaryTable)\\s*\\(\\s*name\\s*=\\s*\"(\\w+)\"");

    @Test
    void everyTableOfTheSchemaHasAnOwner() {
        assertThat(OWNERS.keySet()).as("tables created by the migrations").isEqualTo(schemaTables());
    }

    @Test
    void everyFeatureUsesOnlyItsOwnTablesOrAllowedOnes() {
        List<Use> foreign = uses().stream()
            .filter(use -> !use.feature().equals(OWNERS.get(use.table())))
            .filter(use -> ALLOWED.stream().noneMatch(allowance -> allowance.permits(use)))
            .toList();

        assertThat(foreign).as("uses of another feature's table that are not on the allow-list").isEmpty();
    }

    @Test
    void everyAllowanceIsStillNeeded() {
        List<Use> uses = uses();

        assertThat(ALLOWED).allSatisfy(allowance -> assertThat(uses)
            .as("a use of %s by %s (%s)", allowance.table(), allowance.feature(), allowance.access())
            .anyMatch(use -> allowance.permits(use) && use.access() == allowance.access()));
    }

    /** Also shows that the scan finds uses at all: every table is named by its owner's code. */
    @Test
    void everyTableIsUsedByItsOwner() {
        List<Use> uses = uses();

        assertThat(OWNERS).allSatisfy((table, owner) -> assertThat(uses).as("a use of %s by %s", table, owner)
            .anyMatch(use -> use.table().equals(table) && use.feature().equals(owner)));
    }

    @Test
    void scanReadsSqlInLiteralsAndMappingsButNotInComments() {
        String source = """
                // SELECT * FROM users
                /* UPDATE users SET x = 1 */
                @Table(name = "gpu_jobs")
                class Example {
                    String a = "SELECT balance FROM quota_accounts WHERE account_id = ?";
                    String b = \"""
                            INSERT INTO quota_ledger (id)
                            SELECT id FROM charged\""";
                    char quote = '"';
                    String c = "a \\" quote, then DELETE FROM login_failures";
                }
                """;

        assertThat(usesIn("job", "Example.java", source)).containsExactlyInAnyOrder(
                new Use("job", "Example.java", "gpu_jobs", Access.WRITE),
                new Use("job", "Example.java", "quota_accounts", Access.READ),
                new Use("job", "Example.java", "quota_ledger", Access.WRITE),
                new Use("job", "Example.java", "login_failures", Access.WRITE));
    }

    /** The tables that exist after every migration has run, in version order: created and not dropped since. */
    private static Set<String> schemaTables() {
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MIGRATIONS)) {
            files.filter(file -> file.toString().endsWith(".sql"))
                .sorted(Comparator.comparing(TableOwnershipTests::migrationVersion))
                .forEach(file -> {
                    Matcher statement = CREATE_OR_DROP_TABLE.matcher(read(file));
                    while (statement.find()) {
                        String table = statement.group(2).toLowerCase();
                        if (statement.group(1).equalsIgnoreCase("CREATE")) {
                            tables.add(table);
                        }
                        else {
                            tables.remove(table);
                        }
                    }
                });
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tables;
    }

    /** {@code V21__name.sql} is 21; vendor-specific migrations share the numbers of the common ones. */
    private static int migrationVersion(Path file) {
        Matcher version = MIGRATION_VERSION.matcher(file.getFileName().toString());
        if (!version.matches()) {
            throw new IllegalStateException("not a versioned migration: " + file);
        }
        return Integer.parseInt(version.group(1));
    }

    private static List<Use> uses() {
        List<Use> uses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                Path relative = MAIN_SOURCES.relativize(file);
                String feature = relative.getNameCount() > 1 ? relative.getName(0).toString() : "";
                uses.addAll(usesIn(feature, relative.toString(), read(file)));
            });
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return uses;
    }

    private static List<Use> usesIn(String feature, String file, String source) {
        List<Use> uses = new ArrayList<>();
        for (String literal : stringLiterals(source)) {
            Matcher sql = SQL_TABLE.matcher(literal);
            while (sql.find()) {
                String keyword = sql.group(1).toUpperCase();
                Access access = keyword.equals("FROM") || keyword.equals("JOIN") ? Access.READ : Access.WRITE;
                addIfTable(uses, new Use(feature, file, sql.group(2).toLowerCase(), access));
            }
        }
        Matcher mapped = MAPPED_TABLE.matcher(source);
        while (mapped.find()) {
            addIfTable(uses, new Use(feature, file, mapped.group(1).toLowerCase(), Access.WRITE));
        }
        return uses;
    }

    /** Names that are not tables (aliases, CTE names, JPQL entity names) are not uses. */
    private static void addIfTable(List<Use> uses, Use use) {
        if (OWNERS.containsKey(use.table()) && !uses.contains(use)) {
            uses.add(use);
        }
    }

    /** The contents of the string literals and text blocks of Java source, outside comments. */
    static List<String> stringLiterals(String source) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end + 1;
            }
            else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
            }
            else if (source.startsWith("\"\"\"", i)) {
                int end = closing(source, i + 3, "\"\"\"");
                literals.add(source.substring(i + 3, end));
                i = end + 3;
            }
            else if (source.charAt(i) == '"') {
                int end = closing(source, i + 1, "\"");
                literals.add(source.substring(i + 1, end));
                i = end + 1;
            }
            else if (source.charAt(i) == '\'') {
                i = closing(source, i + 1, "'") + 1;
            }
            else {
                i++;
            }
        }
        return literals;
    }

    /** The index of the delimiter that ends a literal starting at {@code from}, skipping escapes. */
    private static int closing(String source, int from, String delimiter) {
        int i = from;
        while (i < source.length() && !source.startsWith(delimiter, i)) {
            i += source.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i, source.length());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
