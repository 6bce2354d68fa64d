package dev.escu.pssession.risk;

import static dev.escu.pssession.support.EventLines.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.escu.pssession.support.EventLines;
import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.ServiceTest;
import tools.jackson.databind.JsonNode;

/** Risk-based alerting: one risk event per result group and detection window (DETECTION.md). */
class RiskEventsTest extends ServiceTest {

    private JsonNode post(EventLines events) {
        HttpApi.Response response = api.post("/api/v1/events", "application/x-ndjson", events.ndjson());
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    private long riskEvents() {
        return jdbc.queryForObject("SELECT count(*) FROM risk_event", Long.class);
    }

    @Test
    void raisesOneRiskEventForAGroupSeenInOneWindow() {
        JsonNode report = post(events().matching("HOST-A", "2026-03-02T08:05:00Z").matching("HOST-A", "2026-03-02T08:40:00Z")
                .matching("HOST-A", "2026-03-02T08:59:59.999999Z"));
        assertThat(report.get("riskEventsCreated").asInt()).isEqualTo(1);
        assertThat(riskEvents()).isEqualTo(1);
    }

    @Test
    void raisesOneRiskEventPerWindowForAGroupSeenInTwoAndThreeWindows() {
        post(events().matching("HOST-A", "2026-03-02T08:05:00Z").matching("HOST-A", "2026-03-02T09:00:00Z"));
        assertThat(riskEvents()).isEqualTo(2);
        post(events().matching("HOST-A", "2026-03-02T11:30:00Z").matching("HOST-A", "2026-03-02T11:45:00Z"));
        assertThat(riskEvents()).isEqualTo(3);
        assertThat(jdbc.queryForList("SELECT window_start::text FROM risk_event ORDER BY window_start", String.class))
                .containsExactly("2026-03-02 08:00:00+00", "2026-03-02 09:00:00+00", "2026-03-02 11:00:00+00");
    }

    @Test
    void raisesNothingNewForASecondEventOfTheSameGroupInTheSameWindow() {
        post(events().matching("HOST-A", "2026-03-02T08:05:00Z"));
        JsonNode second = post(events().matching("HOST-A", "2026-03-02T08:50:00Z"));
        assertThat(second.get("riskEventsCreated").asInt()).isZero();
        assertThat(second.get("findingsUpdated").asInt()).isEqualTo(1);
        assertThat(riskEvents()).isEqualTo(1);
    }

    @Test
    void raisesOneRiskEventPerGroupInAWindow() {
        JsonNode report = post(events().matching("HOST-A", "2026-03-02T08:05:00Z").matching("HOST-B", "2026-03-02T08:06:00Z")
                .add("HOST-A", "2026-03-02T08:07:00Z", "Enter-PSSession -ComputerName OTHER", EventLines.nextRecordId()));
        assertThat(report.get("findingsUpdated").asInt()).isEqualTo(3);
        assertThat(report.get("riskEventsCreated").asInt()).isEqualTo(3);
    }

    @Test
    void timesTheRiskEventAtTheFirstMatchOfTheWindowEvenWhenItArrivesLate() {
        post(events().matching("HOST-A", "2026-03-02T08:40:00.5Z"));
        post(events().matching("HOST-A", "2026-03-02T08:10:00.25Z"));
        JsonNode feed = api.get("/api/v1/risk/events").json().get("results");
        assertThat(feed).hasSize(1);
        assertThat(feed.get(0).get("_time").asString()).isEqualTo("2026-03-02T08:10:00.250Z");
    }

    @Test
    void fillsTheRiskDataModelFields() {
        post(events().matching("Host-Mixed.Contoso.local", "2026-03-02T08:05:00Z"));
        JsonNode event = api.get("/api/v1/risk/events").json().get("results").get(0);
        assertThat(event.get("risk_object").asString()).isEqualTo("Host-Mixed.Contoso.local");
        assertThat(event.get("normalized_risk_object").asString()).isEqualTo("host-mixed.contoso.local");
        assertThat(event.get("risk_object_type").asString()).isEqualTo("system");
        assertThat(event.get("risk_score").asInt()).isEqualTo(50);
        assertThat(event.get("risk_message").asString())
                .isEqualTo("An interactive session was opened on a remote endpoint from Host-Mixed.Contoso.local");
        assertThat(event.get("search_name").asString())
                .isEqualTo("ESCU - Interactive Session on Remote Endpoint with PowerShell - Rule");
        assertThat(strings(event.get("analyticstories"))).containsExactly("Active Directory Lateral Movement");
        JsonNode annotations = event.get("annotations");
        assertThat(strings(annotations.get("mitre_attack"))).containsExactly("T1021.006");
        assertThat(strings(annotations.get("mitre_tactic"))).containsExactly("lateral-movement");
        assertThat(strings(annotations.get("kill_chain_phases"))).containsExactly("Exploitation");
        assertThat(strings(annotations.get("nist"))).containsExactly("DE.CM");
        assertThat(strings(annotations.get("cis20"))).containsExactly("CIS 10");
        assertThat(strings(annotations.get("analytic_story"))).containsExactly("Active Directory Lateral Movement");
        assertThat(annotations.get("type").isString()).as("type is one value, not a list").isTrue();
        assertThat(annotations.get("type").asString()).isEqualTo("TTP");
        assertThat(strings(annotations.get("_all"))).containsExactly("Active Directory Lateral Movement", "CIS 10", "DE.CM",
                "Exploitation", "T1021.006", "TTP", "lateral-movement");
        assertThat(event.get("detection_id").asString()).isEqualTo("a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af");
        assertThat(event.get("finding_id").asLong()).isPositive();
    }

    @Test
    void resentEventsRaiseNothing() {
        EventLines batch = events().matching("HOST-A", "2026-03-02T08:05:00Z").matching("HOST-A", "2026-03-02T10:05:00Z");
        post(batch);
        JsonNode again = post(batch);
        assertThat(again.get("riskEventsCreated").asInt()).isZero();
        assertThat(riskEvents()).isEqualTo(2);
    }

    static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }
}
