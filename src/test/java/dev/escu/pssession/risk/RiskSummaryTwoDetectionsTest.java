package dev.escu.pssession.risk;

import static dev.escu.pssession.risk.RiskEventsTest.strings;
import static dev.escu.pssession.support.EventLines.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import dev.escu.pssession.support.ServiceTest;
import tools.jackson.databind.JsonNode;

/**
 * Drilldown 2 with a second detection loaded from a content folder beside the bundled one: one row per
 * normalized_risk_object, values() distinct and in UTF-8 byte order.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties =
        "pssession.detection.escu-content=src/test/resources/content-credential")
class RiskSummaryTwoDetectionsTest extends ServiceTest {

    @Test
    void listsBothDetectionsOfAHostInByteOrder() {
        clock.set(Instant.parse("2026-03-05T00:00:00Z"));
        api.post("/api/v1/events", "application/x-ndjson", events()
                .add("Jump-01", "2026-03-02T08:05:00Z", "Enter-PSSession -ComputerName SQL02 -Credential $c", "1")
                .add("JUMP-01", "2026-03-03T09:15:00Z", "Enter-PSSession -ComputerName SQL03", "2")
                .add("jump-02", "2026-03-03T09:15:00Z", "Enter-PSSession -ComputerName SQL03", "3")
                .add("JUMP-01", "2026-02-20T09:15:00Z", "Enter-PSSession -ComputerName OLD", "4").ndjson());

        JsonNode rows = api.get("/api/v1/risk/summary?object=jump-01&object=JUMP-02").json().get("results");

        assertThat(rows).hasSize(2);
        JsonNode jump01 = rows.get(0);
        assertThat(jump01.get("normalized_risk_object").asString()).isEqualTo("jump-01");
        // two events of detection 1 (08:05, 09:15) and one of detection 2; the one of 20 Feb is older than 168 h
        assertThat(jump01.get("count").asInt()).isEqualTo(3);
        assertThat(jump01.get("firstTime").asString()).isEqualTo("2026-03-02T08:05:00");
        assertThat(jump01.get("lastTime").asString()).isEqualTo("2026-03-03T09:15:00");
        assertThat(strings(jump01.get("Search Name"))).containsExactly(
                "ESCU - Enter-PSSession With Explicit Credential (test) - Rule",
                "ESCU - Interactive Session on Remote Endpoint with PowerShell - Rule");
        assertThat(strings(jump01.get("Risk Message"))).containsExactly(
                "An interactive session was opened on a remote endpoint from JUMP-01",
                "An interactive session was opened on a remote endpoint from Jump-01",
                "Explicit credentials were used for a remote session from Jump-01 by S-1-5-21-3623811015-3361044348-30300820-1013");
        assertThat(strings(jump01.get("Analytic Stories"))).containsExactly(
                "Active Directory Lateral Movement", "Compromised Windows Host");
        assertThat(strings(jump01.get("ATT&CK Tactics"))).containsExactly("defense-evasion", "lateral-movement");
        assertThat(strings(jump01.get("Annotations"))).containsExactly("Active Directory Lateral Movement", "Anomaly",
                "CIS 10", "Compromised Windows Host", "DE.CM", "Exploitation", "T1021.006", "T1078", "TTP",
                "defense-evasion", "lateral-movement");
        assertThat(rows.get(1).get("normalized_risk_object").asString()).isEqualTo("jump-02");
        assertThat(rows.get(1).get("count").asInt()).isEqualTo(1);

        JsonNode longer = api.get("/api/v1/risk/summary?object=JUMP-01&hours=1000").json().get("results");
        assertThat(longer.get(0).get("count").asInt()).isEqualTo(4);
        assertThat(api.get("/api/v1/risk/summary").status()).isEqualTo(400);
    }

    @Test
    void endsTheWindowNowAsSplunksLatestDoes() {
        clock.set(Instant.parse("2026-03-05T00:00:00Z"));
        api.post("/api/v1/events", "application/x-ndjson", events()
                .add("SKEW-01", "2026-03-04T23:00:00Z", "Enter-PSSession -ComputerName SQL02", "1")
                .add("SKEW-01", "2026-03-05T02:00:00Z", "Enter-PSSession -ComputerName SQL03", "2").ndjson());

        JsonNode answer = api.get("/api/v1/risk/summary?object=skew-01").json();
        // the event stamped two hours ahead (a host whose clock runs early) is not yet in the last 168 hours
        assertThat(answer.get("latest").asString()).isEqualTo("2026-03-05T00:00:00Z");
        assertThat(answer.get("results").get(0).get("count").asInt()).isEqualTo(1);
        assertThat(answer.get("results").get(0).get("lastTime").asString()).isEqualTo("2026-03-04T23:00:00");

        clock.set(Instant.parse("2026-03-05T03:00:00Z"));
        assertThat(api.get("/api/v1/risk/summary?object=skew-01").json().get("results").get(0).get("count").asInt())
                .isEqualTo(2);
    }

    @Test
    void aDetectionNoLongerLoadedIsDescribedByWhatItsRiskEventsRecorded() {
        clock.set(Instant.parse("2026-03-05T00:00:00Z"));
        jdbc.update("""
                WITH template AS (
                    INSERT INTO risk_template (detection_id, search_name, risk_object_type, risk_score, analyticstories, annotations)
                    VALUES ('retired-detection', 'ESCU - Retired - Rule', 'system', 20, '{"Old Story"}',
                            '{"mitre_tactic": ["execution"], "_all": ["T1059", "execution"]}') RETURNING id)
                INSERT INTO risk_event (detection_id, template_id, finding_id, window_start, event_time, risk_object_field, risk_object,
                                        normalized_risk_object, risk_message)
                SELECT 'retired-detection', id, 99, '2026-03-04T10:00:00Z', '2026-03-04T10:15:00Z', 'dest', 'OLD-HOST', 'old-host', 'old message'
                FROM template""");

        JsonNode row = api.get("/api/v1/risk/summary?object=old-host").json().get("results").get(0);

        assertThat(row.get("count").asInt()).isEqualTo(1);
        assertThat(strings(row.get("Search Name"))).containsExactly("ESCU - Retired - Rule");
        assertThat(strings(row.get("Analytic Stories"))).containsExactly("Old Story");
        assertThat(strings(row.get("ATT&CK Tactics"))).containsExactly("execution");
        assertThat(strings(row.get("Annotations"))).containsExactly("T1059", "execution");
    }
}
