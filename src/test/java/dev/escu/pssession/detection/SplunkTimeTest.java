package dev.escu.pssession.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class SplunkTimeTest {

    @Test
    void readsEpochSecondsWithMicroseconds() {
        assertThat(SplunkTime.parse("1772439295.417203")).isEqualTo(Instant.parse("2026-03-02T08:14:55.417203Z"));
    }

    @Test
    void readsWholeEpochSeconds() {
        assertThat(SplunkTime.parse("1772439295")).isEqualTo(Instant.parse("2026-03-02T08:14:55Z"));
    }

    @Test
    void readsEpochSecondsAsJsonWritesLargeNumbers() {
        // Jackson and JavaScript write a double like this; JSON numbers are kept as written
        assertThat(SplunkTime.parse("1.772439295417203E9")).isEqualTo(Instant.parse("2026-03-02T08:14:55.417203Z"));
        assertThat(SplunkTime.parse("1.772439295e+9")).isEqualTo(Instant.parse("2026-03-02T08:14:55Z"));
        assertThat(SplunkTime.parse("17724392954172.03e-4")).isEqualTo(Instant.parse("2026-03-02T08:14:55.417203Z"));
    }

    @Test
    void refusesAnExponentOfMoreThanTwoDigitsWithoutComputingIt() {
        assertThatThrownBy(() -> SplunkTime.parse("1e999999999")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epoch seconds or an ISO-8601 instant");
    }

    @Test
    void readsWindowsSystemTimeKeepingMicroseconds() {
        assertThat(SplunkTime.parse("2026-03-02T08:14:55.41720399Z")).isEqualTo(Instant.parse("2026-03-02T08:14:55.417203Z"));
    }

    @Test
    void readsIsoWithOffset() {
        assertThat(SplunkTime.parse("2026-03-02T09:14:55.5+01:00")).isEqualTo(Instant.parse("2026-03-02T08:14:55.5Z"));
    }

    @Test
    void refusesText() {
        assertThatThrownBy(() -> SplunkTime.parse("yesterday")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epoch seconds or an ISO-8601 instant");
    }

    @Test
    void refusesTimesOutOfRange() {
        assertThatThrownBy(() -> SplunkTime.parse("1e30")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SplunkTime.parse("99999999999999")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SplunkTime.parse("-5")).isInstanceOf(IllegalArgumentException.class);
    }
}
