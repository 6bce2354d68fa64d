package dev.escu.pssession.detection.spl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** min(_time) and max(_time) without ctime: epoch seconds as Splunk prints a number. */
class EpochTextTest {

    @Test
    void wholeSecondsHaveNoPoint() {
        assertThat(EpochText.of(Instant.parse("2026-03-02T09:00:00Z"))).isEqualTo("1772442000");
    }

    @Test
    void fractionsKeepMicrosecondsWithoutTrailingZeros() {
        assertThat(EpochText.of(Instant.parse("2026-03-02T08:14:55.417203Z"))).isEqualTo("1772439295.417203");
        assertThat(EpochText.of(Instant.parse("2026-03-02T08:14:55.5Z"))).isEqualTo("1772439295.5");
        assertThat(EpochText.of(Instant.parse("2026-03-02T08:14:55.000000999Z"))).isEqualTo("1772439295");
    }
}
