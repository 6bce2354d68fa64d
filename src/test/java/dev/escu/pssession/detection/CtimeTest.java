package dev.escu.pssession.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** security_content_ctime: %Y-%m-%dT%H:%M:%S, no fraction, no zone, UTC by default. */
class CtimeTest {

    @Test
    void rendersWithoutFractionOrZone() {
        assertThat(Ctime.UTC.format(Instant.parse("2026-03-10T14:02:07Z"))).isEqualTo("2026-03-10T14:02:07");
    }

    @Test
    void truncatesTheFractionInsteadOfRounding() {
        assertThat(Ctime.UTC.format(Instant.parse("2026-03-10T14:02:07.999999Z"))).isEqualTo("2026-03-10T14:02:07");
        assertThat(Ctime.UTC.format(Instant.parse("2026-12-31T23:59:59.999999999Z"))).isEqualTo("2026-12-31T23:59:59");
    }

    @Test
    void rendersInTheConfiguredZone() {
        Ctime paris = new Ctime(ZoneId.of("Europe/Paris"));
        assertThat(paris.format(Instant.parse("2026-03-02T08:14:55.417Z"))).isEqualTo("2026-03-02T09:14:55");
        Ctime kolkata = new Ctime(ZoneId.of("Asia/Kolkata"));
        assertThat(kolkata.format(Instant.parse("2026-03-02T08:14:55.999Z"))).isEqualTo("2026-03-02T13:44:55");
    }

    @Test
    void padsEveryPart() {
        assertThat(Ctime.UTC.format(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02T03:04:05");
    }
}
