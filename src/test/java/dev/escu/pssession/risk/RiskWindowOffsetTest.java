package dev.escu.pssession.risk;

import static dev.escu.pssession.support.EventLines.events;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import dev.escu.pssession.support.ServiceTest;

/** The detection window's size and offset are configurable (here: 30 minutes starting at :10 and :40). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pssession.risk.window=30m", "pssession.risk.window-offset=10m"})
class RiskWindowOffsetTest extends ServiceTest {

    @Test
    void cutsWindowsAtTheConfiguredOffset() {
        String body = events().matching("HOST-A", "2026-03-02T08:09:59Z").matching("HOST-A", "2026-03-02T08:10:00Z")
                .matching("HOST-A", "2026-03-02T08:39:59Z").matching("HOST-A", "2026-03-02T08:40:00Z").ndjson();
        var report = api.post("/api/v1/events", "application/x-ndjson", body).json();
        assertThat(report.get("riskEventsCreated").asInt()).isEqualTo(3);
        assertThat(jdbc.queryForList("SELECT window_start::text FROM risk_event ORDER BY window_start", String.class))
                .containsExactly("2026-03-02 07:40:00+00", "2026-03-02 08:10:00+00", "2026-03-02 08:40:00+00");
    }
}
