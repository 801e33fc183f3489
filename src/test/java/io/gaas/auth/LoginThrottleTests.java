package io.gaas.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

import io.gaas.throttle.ThrottleLocks;
import io.gaas.web.ErrorCode;

/** The rules: 5 failures per (username, address) and 10 (here) per address within 15 minutes. */
@ExtendWith(MockitoExtension.class)
class LoginThrottleTests {

    private static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");
    private static final Instant WINDOW_START = NOW.minus(Duration.ofMinutes(15));
    private static final String ADDRESS = "198.51.100.7";

    @Mock
    LoginThrottleRepository failures;

    @Mock
    ThrottleLocks locks;

    LoginThrottle throttle;

    @BeforeEach
    void setUp() {
        throttle = new LoginThrottle(failures, locks, new LoginThrottleProperties(5, Duration.ofMinutes(15), 10),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void beginWhenBelowBothLimitsThenCountsTheAttemptAsAFailureUnderTheAddressLock() {
        given(failures.addressFailuresAfter(ADDRESS, WINDOW_START)).willReturn(times(9, 600));
        given(failures.pairFailuresAfter("alice", ADDRESS, WINDOW_START)).willReturn(times(4, 600));

        LoginThrottle.Attempt attempt = throttle.begin("alice", ADDRESS);

        assertThat(attempt.username()).isEqualTo("alice");
        assertThat(attempt.address()).isEqualTo(ADDRESS);
        InOrder order = inOrder(locks, failures);
        order.verify(locks).lock(LoginThrottle.LOCK_SCOPE, ADDRESS);
        order.verify(failures).insert(attempt.id(), "alice", ADDRESS, NOW);
    }

    @Test
    void beginWhenThePairHasFiveFailuresThenTooManyUntilTheOldestLeavesAndNothingCounted() {
        given(failures.addressFailuresAfter(ADDRESS, WINDOW_START)).willReturn(times(5, 600));
        given(failures.pairFailuresAfter("alice", ADDRESS, WINDOW_START)).willReturn(times(5, 600));

        assertThatThrownBy(() -> throttle.begin("alice", ADDRESS))
            .isInstanceOfSatisfying(TooManyLoginAttemptsException.class, ex -> {
                assertThat(ex.code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
                assertThat(ex.retryAfterSeconds()).isEqualTo(300);
                assertThat(ex.getMessage()).contains("for this username from your address");
            });
        then(failures).should(never()).insert(any(), any(), any(), any());
    }

    @Test
    void beginWhenTheAddressHasTenFailuresOverOtherNamesThenTooManyForAFreshName() {
        given(failures.addressFailuresAfter(ADDRESS, WINDOW_START)).willReturn(times(10, 840));
        given(failures.pairFailuresAfter("nobody-yet", ADDRESS, WINDOW_START)).willReturn(List.of());

        assertThatThrownBy(() -> throttle.begin("nobody-yet", ADDRESS))
            .isInstanceOfSatisfying(TooManyLoginAttemptsException.class, ex -> {
                assertThat(ex.retryAfterSeconds()).isEqualTo(60);
                assertThat(ex.getMessage()).startsWith("Too many failed logins from your address");
            });
        then(failures).should(never()).insert(any(), any(), any(), any());
    }

    @Test
    void beginWhenBothLimitsAreReachedThenWaitsUntilBothLetItThrough() {
        given(failures.addressFailuresAfter(ADDRESS, WINDOW_START)).willReturn(times(10, 840));
        given(failures.pairFailuresAfter("alice", ADDRESS, WINDOW_START)).willReturn(times(5, 300));

        assertThatThrownBy(() -> throttle.begin("alice", ADDRESS))
            .isInstanceOfSatisfying(TooManyLoginAttemptsException.class,
                    ex -> assertThat(ex.retryAfterSeconds()).isEqualTo(600));
    }

    @Test
    void succeededWhenCalledThenTheAttemptIsNoFailureAndThePairStartsAgainUnderTheLock() {
        LoginThrottle.Attempt attempt = new LoginThrottle.Attempt(java.util.UUID.randomUUID(), "alice", ADDRESS);

        throttle.succeeded(attempt);

        InOrder order = inOrder(locks, failures);
        order.verify(locks).lock(LoginThrottle.LOCK_SCOPE, ADDRESS);
        order.verify(failures).delete(attempt.id());
        order.verify(failures).stopCountingForPair("alice", ADDRESS);
    }

    @Test
    void withdrawWhenCalledThenOnlyTheAttemptGoesAndThePairKeepsItsCount() {
        LoginThrottle.Attempt attempt = new LoginThrottle.Attempt(java.util.UUID.randomUUID(), "bob", ADDRESS);

        throttle.withdraw(attempt);

        InOrder order = inOrder(locks, failures);
        order.verify(locks).lock(LoginThrottle.LOCK_SCOPE, ADDRESS);
        order.verify(failures).delete(attempt.id());
        then(failures).should(never()).stopCountingForPair(any(), any());
    }

    @Test
    void propertiesWhenALimitIsBelowOneThenRefused() {
        assertThatThrownBy(() -> new LoginThrottleProperties(5, Duration.ofMinutes(15), 0))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("GAAS_LOGIN_FAILURES_PER_ADDRESS");
        assertThatThrownBy(() -> new LoginThrottleProperties(0, Duration.ofMinutes(15), 100))
            .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new LoginThrottleProperties(5, Duration.ZERO, 100))
            .isInstanceOf(IllegalStateException.class);
    }

    /** {@code count} failures a second apart, the oldest {@code secondsAgo} before now. */
    private static List<Instant> times(int count, int secondsAgo) {
        return IntStream.range(0, count).mapToObj(i -> NOW.minusSeconds(secondsAgo - i)).toList();
    }
}
