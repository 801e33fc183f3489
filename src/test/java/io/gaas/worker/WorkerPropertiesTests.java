package io.gaas.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class WorkerPropertiesTests {

    @Test
    void leaseWhenUnder5SecondsThenRefused() {
        assertThatThrownBy(() -> new WorkerProperties(Duration.ofMillis(4999)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("GAAS_WORKER_LEASE");
        assertThatThrownBy(() -> new WorkerProperties(Duration.ofSeconds(-60))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void heartbeatSecondsWhenLeaseGivenThenAThirdInWholeSecondsAtLeastOne() {
        assertThat(new WorkerProperties(Duration.ofSeconds(60)).heartbeatSeconds()).isEqualTo(20);
        assertThat(new WorkerProperties(Duration.ofSeconds(5)).heartbeatSeconds()).isEqualTo(1);
        assertThat(new WorkerProperties(Duration.ofSeconds(10)).heartbeatSeconds()).isEqualTo(3);
    }

    @Test
    void runAllowanceWhenLeaseShortOrLongThenLimitPlusMaxOfLeaseAnd30sPlus10s() {
        assertThat(new WorkerProperties(Duration.ofSeconds(5)).runAllowance(100)).isEqualTo(Duration.ofSeconds(140));
        assertThat(new WorkerProperties(Duration.ofSeconds(60)).runAllowance(100)).isEqualTo(Duration.ofSeconds(170));
    }

    @Test
    void sweepIntervalWhenLeaseGivenThenWellWithinAThirdOfIt() {
        assertThat(new WorkerProperties(Duration.ofSeconds(60)).sweepInterval()).isEqualTo(Duration.ofSeconds(10));
    }
}
