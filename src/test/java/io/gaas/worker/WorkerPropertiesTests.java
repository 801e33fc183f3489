package io.gaas.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class WorkerPropertiesTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(WorkerProperties.class)
    static class Binding {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Binding.class);

    @Test
    void startWhenLeaseUnsetThen60Seconds() {
        context.run(started -> assertThat(started.getBean(WorkerProperties.class).lease())
            .isEqualTo(Duration.ofSeconds(60)));
    }

    @Test
    void startWhenLeaseUnder5SecondsThenTheServiceRefusesToStart() {
        context.withPropertyValues("gaas.worker.lease=PT4S")
            .run(started -> assertThat(started).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("GAAS_WORKER_LEASE must be at least PT5S"));
        context.withPropertyValues("gaas.worker.lease=PT5S")
            .run(started -> assertThat(started).hasNotFailed());
    }

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
