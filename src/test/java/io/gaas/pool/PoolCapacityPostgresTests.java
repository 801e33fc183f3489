package io.gaas.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.transaction.TestTransaction;
import org.springframework.transaction.IllegalTransactionStateException;

import io.gaas.support.EmbeddedPostgresSupport;

/** The capacity statements on real PostgreSQL: a start that does not fit changes nothing. */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(PoolCapacity.class)
class PoolCapacityPostgresTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        EmbeddedPostgresSupport.useNewDatabase(registry);
    }

    @Autowired
    PoolCapacity capacity;

    @Autowired
    JdbcClient jdbc;

    @Test
    void tryTakeWhenTheGpusAreFreeThenTakesThemUpToTheCapacityAndNoFurther() {
        UUID pool = pool(4);

        assertThat(capacity.tryTake(pool, 3)).isTrue();
        assertThat(capacity.tryTake(pool, 2)).isFalse();
        assertThat(gpusInUse(pool)).isEqualTo(3);
        assertThat(capacity.tryTake(pool, 1)).isTrue();
        assertThat(capacity.tryTake(pool, 1)).isFalse();
        assertThat(gpusInUse(pool)).isEqualTo(4);
    }

    @Test
    void releaseGivesTheGpusBackForTheNextJob() {
        UUID pool = pool(2);
        capacity.take(pool, 2);

        capacity.release(pool, 2);

        assertThat(gpusInUse(pool)).isZero();
        assertThat(capacity.tryTake(pool, 2)).isTrue();
    }

    @Test
    void takeWhenFullThenPoolAtCapacity() {
        UUID pool = pool(1);
        capacity.take(pool, 1);

        assertThatThrownBy(() -> capacity.take(pool, 1)).isInstanceOf(PoolAtCapacityException.class);
        assertThat(gpusInUse(pool)).isEqualTo(1);
    }

    @Test
    void aPoolWithoutALimitTakesAnyNumberAndStillCountsThem() {
        UUID pool = pool(null);

        assertThat(capacity.tryTake(pool, 64)).isTrue();
        assertThat(capacity.tryTake(pool, 64)).isTrue();
        assertThat(gpusInUse(pool)).isEqualTo(128);
    }

    @Test
    void aLoweredCapacityLeavesRunningJobsAndRefusesNewOnes() {
        UUID pool = pool(4);
        capacity.take(pool, 3);
        jdbc.sql("UPDATE pools SET gpus = 2 WHERE id = :id").param("id", pool).update();

        assertThat(capacity.tryTake(pool, 1)).isFalse();
        capacity.release(pool, 3);
        assertThat(capacity.tryTake(pool, 2)).isTrue();
    }

    @Test
    void releaseOfMoreThanIsInUseIsRefusedByTheSchema() {
        UUID pool = pool(4);

        assertThatThrownBy(() -> capacity.release(pool, 1))
            .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
    }

    @Test
    void takeOutsideATransactionIsRefused() {
        UUID pool = pool(4);
        TestTransaction.flagForCommit();
        TestTransaction.end();

        assertThatThrownBy(() -> capacity.tryTake(pool, 1)).isInstanceOf(IllegalTransactionStateException.class);
        assertThat(gpusInUse(pool)).isZero();
    }

    @Test
    void theDefaultPoolIsThereWithoutALimit() {
        assertThat(jdbc.sql("SELECT name, gpus, weight, enabled FROM pools WHERE id = :id")
            .param("id", Pools.DEFAULT_ID).query().singleRow())
            .containsEntry("name", "default")
            .containsEntry("gpus", null)
            .containsEntry("enabled", true);
    }

    private UUID pool(Integer gpus) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO pools (id, name, gpus, weight, enabled, created_at)
                VALUES (:id, :name, :gpus, 1, TRUE, :at)""")
            .param("id", id)
            .param("name", "p" + id.toString().substring(0, 8))
            .param("gpus", gpus, java.sql.Types.INTEGER)
            .param("at", Instant.now().atOffset(ZoneOffset.UTC))
            .update();
        return id;
    }

    private int gpusInUse(UUID pool) {
        return jdbc.sql("SELECT gpus_in_use FROM pools WHERE id = :id").param("id", pool).query(Integer.class).single();
    }
}
