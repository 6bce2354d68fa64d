package dev.escu.pssession.findings;

import static dev.escu.pssession.support.EventLines.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import dev.escu.pssession.support.ServiceTest;
import tools.jackson.databind.JsonNode;

/** DETECTION.md step 6: the zone security_content_ctime renders in is configurable; every result row follows it. */
@TestPropertySource(properties = "pssession.detection.ctime-zone=Europe/Berlin")
class CtimeZoneTest extends ServiceTest {

    @Test
    void findingsAndDrilldownRowsRenderTimesInTheConfiguredZone() {
        // 08:14:55.9 UTC and 23:30 UTC are 09:14:55 and 00:30 the next day in Berlin (CET, before DST)
        api.post("/api/v1/events", "application/x-ndjson", events()
                .matching("HOST-Z", "2026-03-02T08:14:55.900Z")
                .matching("HOST-Z", "2026-03-02T23:30:00Z").ndjson());

        JsonNode finding = api.get("/api/v1/findings?dest=HOST-Z").json().get("results").get(0);
        assertThat(finding.get("firstTime").asString()).isEqualTo("2026-03-02T09:14:55");
        assertThat(finding.get("lastTime").asString()).isEqualTo("2026-03-03T00:30:00");

        JsonNode drilldown = api.get("/api/v1/detections/a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af/results?dest=HOST-Z")
                .json().get("results").get(0);
        assertThat(drilldown.get("firstTime").asString()).isEqualTo("2026-03-02T09:14:55");
        assertThat(drilldown.get("lastTime").asString()).isEqualTo("2026-03-03T00:30:00");
    }

    @Test
    void riskSummaryRowsRenderTimesInTheConfiguredZone() {
        clock.set(Instant.parse("2026-03-04T00:00:00Z"));
        api.post("/api/v1/events", "application/x-ndjson", events()
                .matching("HOST-Z", "2026-03-02T08:14:55.900Z")
                .matching("HOST-Z", "2026-03-02T23:30:00Z").ndjson());

        JsonNode row = api.get("/api/v1/risk/summary?object=host-z").json().get("results").get(0);
        assertThat(row.get("count").asInt()).isEqualTo(2);
        assertThat(row.get("firstTime").asString()).isEqualTo("2026-03-02T09:14:55");
        assertThat(row.get("lastTime").asString()).isEqualTo("2026-03-03T00:30:00");
    }
}
