package io.gaas.report;

import org.springframework.context.annotation.Import;

import io.gaas.support.SharedPostgres;

/** The same reports on real PostgreSQL: its one-statement submissions, its dates and its collation. */
@Import(SharedPostgres.class)
class UsageReportPostgresTests extends UsageReportIntegrationTests {
}
