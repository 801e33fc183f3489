package io.gaas.throttle;

import java.sql.DatabaseMetaData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * One lock row per counted key (a scope such as {@code login}, and a key such as a client address),
 * shared by every replica. Whoever counts, decides and records under a key locks its row first, in
 * the same transaction, so parallel attempts under one key are judged one after another and cannot
 * slip past a limit together. The row holds no count (the features keep their own events): it only
 * serialises, so it may be deleted whenever nobody holds it.
 */
@Repository
public class ThrottleLocks {

    /** Lock rows untouched for this long are deleted; longer than any window that is counted under them. */
    static final Duration IDLE_BEFORE_PURGE = Duration.ofHours(2);

    private static final Logger log = LoggerFactory.getLogger(ThrottleLocks.class);

    /**
     * Creates the row or, if it exists, updates it: either way the statement that found it locks it.
     * (An insert that does nothing on conflict, then a SELECT ... FOR UPDATE, leaves a gap in which
     * the purge can delete the row, and the SELECT finds none.) On PostgreSQL, ON CONFLICT DO UPDATE
     * also waits out a concurrent delete and then inserts.
     */
    private static final String LOCK_POSTGRESQL = """
            INSERT INTO throttle_locks (scope, lock_key, locked_at) VALUES (:scope, :key, :at)
            ON CONFLICT (scope, lock_key) DO UPDATE SET locked_at = EXCLUDED.locked_at""";

    /** H2 has no ON CONFLICT DO UPDATE; its MERGE updates (and so locks) or inserts in one statement. */
    private static final String LOCK_OTHER = "MERGE INTO throttle_locks KEY (scope, lock_key) VALUES (:scope, :key, :at)";

    private final JdbcClient jdbc;
    private final String lockStatement;
    private final Clock clock;

    @Autowired
    ThrottleLocks(JdbcClient jdbc, DataSource dataSource, Clock clock) {
        this(jdbc, isPostgreSql(dataSource), clock);
    }

    ThrottleLocks(JdbcClient jdbc, boolean postgreSql, Clock clock) {
        this.jdbc = jdbc;
        this.lockStatement = postgreSql ? LOCK_POSTGRESQL : LOCK_OTHER;
        this.clock = clock;
    }

    /** For code that builds its own (tests on one connection). */
    public static ThrottleLocks on(JdbcClient jdbc, boolean postgreSql, Clock clock) {
        return new ThrottleLocks(jdbc, postgreSql, clock);
    }

    private static boolean isPostgreSql(DataSource dataSource) {
        try {
            return "PostgreSQL".equals(JdbcUtils.extractDatabaseMetaData(dataSource,
                    DatabaseMetaData::getDatabaseProductName));
        }
        catch (MetaDataAccessException unknown) {
            return false;
        }
    }

    /**
     * Locks the key's row (creating it if needed) until the caller's transaction ends, in one statement.
     * Must run in a transaction: outside one the lock would end with the statement.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public void lock(String scope, String key) {
        jdbc.sql(lockStatement)
            .param("scope", scope)
            .param("key", key)
            .param("at", clock.instant().atOffset(ZoneOffset.UTC))
            .update();
    }

    /** Deletes the rows nobody has locked since {@code cutoff}; a row being held is waited for, then kept. */
    int purgeIdleSince(Instant cutoff) {
        return jdbc.sql("DELETE FROM throttle_locks WHERE locked_at < :cutoff")
            .param("cutoff", cutoff.atOffset(ZoneOffset.UTC))
            .update();
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT2M")
    @Transactional
    void purgeIdle() {
        int purged = purgeIdleSince(clock.instant().minus(IDLE_BEFORE_PURGE));
        if (purged > 0) {
            log.debug("Purged {} idle throttle lock rows", purged);
        }
    }
}
