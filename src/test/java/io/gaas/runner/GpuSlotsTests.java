package io.gaas.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class GpuSlotsTests {

    @Test
    void jobsGetTheFirstFreeGpusInTheOrderGiven() {
        GpuSlots slots = new GpuSlots(List.of("3", "1", "0", "2"));

        assertThat(slots.take(2)).containsExactly("3", "1");
        assertThat(slots.take(1)).containsExactly("0");
        assertThat(slots.freeCount()).isEqualTo(1);
    }

    @Test
    void moreThanFreeIsNotGivenAndNothingIsTaken() {
        GpuSlots slots = new GpuSlots(List.of("0", "1"));
        slots.take(1);

        assertThat(slots.take(2)).isNull();
        assertThat(slots.take(0)).isNull();
        assertThat(slots.freeCount()).isEqualTo(1);
    }

    @Test
    void releasedGpusAreGivenAgainInTheirOriginalOrder() {
        GpuSlots slots = new GpuSlots(List.of("0", "1", "2", "3"));
        List<String> first = slots.take(2);
        slots.take(2);

        slots.release(first);

        assertThat(slots.freeCount()).isEqualTo(2);
        assertThat(slots.take(2)).containsExactly("0", "1");
    }
}
