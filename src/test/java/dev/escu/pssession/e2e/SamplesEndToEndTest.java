package dev.escu.pssession.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.ServiceTest;
import tools.jackson.databind.JsonNode;

/**
 * The shared samples over real HTTP into a real PostgreSQL: each format gives the findings that
 * samples/README.md describes, the same rows whatever the format, and re-sending changes nothing.
 */
class SamplesEndToEndTest extends ServiceTest {

    private static final String DETECTION = "a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af";

    @Test
    void xmlSampleGivesTheTwoDocumentedFindings() {
        HttpApi.Response report = api.post("/api/v1/events", "application/xml", HttpApi.resource("samples/powershell-4104.xml"));

        assertThat(report.status()).isEqualTo(200);
        JsonNode r = report.json();
        assertThat(r.get("received").asInt()).isEqualTo(4);
        assertThat(r.get("accepted").asInt()).isEqualTo(4);
        assertThat(r.get("rejected")).isEmpty();
        assertThat(r.get("matched").asInt()).isEqualTo(2);
        assertThat(r.get("duplicates").asInt()).isZero();
        assertThat(r.get("findingsUpdated").asInt()).isEqualTo(2);
        assertThat(r.get("riskEventsCreated").asInt()).isEqualTo(2);

        JsonNode findings = api.get("/api/v1/findings").json();
        assertThat(findings.get("total").asInt()).isEqualTo(2);
        JsonNode laptop = row(findings, "LAPTOP-ADM-11.contoso.local");
        assertThat(laptop.get("count").isInt()).isTrue();
        assertThat(laptop.get("count").asInt()).isEqualTo(1);
        assertThat(laptop.get("Path").asString()).isEqualTo("0");
        assertThat(laptop.get("firstTime").asString()).isEqualTo("2026-03-02T08:14:55");
        assertThat(laptop.get("lastTime").asString()).isEqualTo("2026-03-02T08:14:55");
        assertThat(laptop.get("signature").asString()).isEqualTo("Microsoft-Windows-PowerShell Execute a Remote Command");
        assertThat(laptop.get("vendor_product").asString()).isEqualTo("Microsoft Windows");
        assertThat(laptop.get("Opcode").asString()).isEqualTo("15");
        JsonNode agent = row(findings, "BUILD-AGENT-4");
        assertThat(agent.get("count").asInt()).isEqualTo(1);
        assertThat(agent.get("Path").asString()).isEqualTo("D:\\agent\\scripts\\connect-all.ps1");
        assertThat(agent.get("ScriptBlockText").asString()).contains("hosts.txt\r\nforeach");
        assertThat(agent.get("user_id").asString()).isEqualTo("S-1-5-18");
    }

    @Test
    void everyFormatGivesIdenticalFindings() {
        List<String> rows = new ArrayList<>();
        String[][] posts = {
                {"application/xml", "samples/powershell-4104.xml"},
                {"application/x-ndjson", "samples/powershell-4104.ndjson"},
                {"application/json", "samples/powershell-4104.json"},
                {"text/xml", "samples/powershell-4104.xml"}};
        for (String[] post : posts) {
            jdbc.execute("TRUNCATE risk_event, matched_event, finding RESTART IDENTITY CASCADE");
            HttpApi.Response report = api.post("/api/v1/events", post[0], HttpApi.resource(post[1]));
            assertThat(report.json().get("matched").asInt()).as(post[1]).isEqualTo(2);
            rows.add(api.get("/api/v1/findings").json().get("results").toString());
        }
        assertThat(rows.get(1)).isEqualTo(rows.get(0));
        assertThat(rows.get(2)).isEqualTo(rows.get(0));
        assertThat(rows.get(3)).isEqualTo(rows.get(0));
    }

    @Test
    void resendingASampleInAnyFormatChangesNoCount() {
        api.post("/api/v1/events", "application/xml", HttpApi.resource("samples/powershell-4104.xml"));
        String before = api.get("/api/v1/findings").json().get("results").toString();

        JsonNode again = api.post("/api/v1/events", "application/xml", HttpApi.resource("samples/powershell-4104.xml")).json();
        JsonNode asNdjson = api.post("/api/v1/events", "application/x-ndjson", HttpApi.resource("samples/powershell-4104.ndjson")).json();

        assertThat(again.get("matched").asInt()).isEqualTo(2);
        assertThat(again.get("duplicates").asInt()).isEqualTo(2);
        assertThat(again.get("findingsUpdated").asInt()).isZero();
        assertThat(again.get("riskEventsCreated").asInt()).isZero();
        assertThat(asNdjson.get("duplicates").asInt()).isEqualTo(2);
        assertThat(api.get("/api/v1/findings").json().get("results").toString()).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM matched_event", Long.class)).isEqualTo(2);
    }

    @Test
    void gzipBodiesAreRead() {
        HttpApi.Response report = api.post("/api/v1/events", "application/x-ndjson",
                HttpApi.gzip(HttpApi.resource("samples/powershell-4104.ndjson")), "Content-Encoding", "gzip");
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.json().get("matched").asInt()).isEqualTo(2);
    }

    @Test
    void findingsLinkToBothDrilldownsThatAnswer() {
        api.post("/api/v1/events", "application/xml", HttpApi.resource("samples/powershell-4104.xml"));
        JsonNode agent = row(api.get("/api/v1/findings").json(), "BUILD-AGENT-4");
        JsonNode drilldowns = agent.get("drilldowns");
        assertThat(drilldowns.get(0).get("name").asString()).isEqualTo("View the detection results for - \"BUILD-AGENT-4\"");
        assertThat(drilldowns.get(1).get("name").asString()).isEqualTo("View risk events for the last 7 days for - \"BUILD-AGENT-4\"");

        JsonNode results = api.get(drilldowns.get(0).get("href").asString()).json().get("results");
        assertThat(results).hasSize(1);
        assertThat(results.get(0).get("count").asInt()).isEqualTo(1);
        assertThat(results.get(0).get("dest").asString()).isEqualTo("BUILD-AGENT-4");
        assertThat(api.get(drilldowns.get(1).get("href").asString()).status()).isEqualTo(200);
    }

    @Test
    void aDestOfNineThousandCharactersGetsDrilldownLinksThatAnswer() {
        String dest = "WS-" + "x".repeat(8_997);
        String event = "{\"_time\": " + System.currentTimeMillis() / 1000 + ", \"source\": "
                + "\"XmlWinEventLog:Microsoft-Windows-PowerShell/Operational\", \"EventCode\": \"4104\", \"dest\": \""
                + dest + "\", \"ScriptBlockText\": \"Enter-PSSession -ComputerName SQL02\"}";
        assertThat(api.post("/api/v1/events", "application/x-ndjson", event).json().get("matched").asInt()).isEqualTo(1);

        JsonNode drilldowns = row(api.get("/api/v1/findings?detection=" + DETECTION).json(), dest).get("drilldowns");
        String results = drilldowns.get(0).get("href").asString();
        String risk = drilldowns.get(1).get("href").asString();
        assertThat(results.length() + risk.length()).isLessThan(200); // the finding's id, not its 9,000-character dest

        JsonNode rows = api.get(results).json().get("results");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("dest").asString()).isEqualTo(dest);
        JsonNode summary = api.get(risk).json().get("results");
        assertThat(summary).hasSize(1);
        assertThat(summary.get(0).get("normalized_risk_object").asString()).isEqualTo(dest.toLowerCase());
    }

    @Test
    void detectionMetadataIsServed() {
        JsonNode detection = api.get("/api/v1/detections/" + DETECTION).json();
        assertThat(detection.get("name").asString()).isEqualTo("Interactive Session on Remote Endpoint with PowerShell");
        assertThat(detection.get("rba").get("riskObjects").get(0).get("score").asInt()).isEqualTo(50);
        assertThat(detection.get("search").asString()).startsWith("`powershell` EventCode=4104");
        assertThat(api.get("/api/v1/detections").json().get("results")).hasSize(1);
        assertThat(api.get("/api/v1/detections/unknown").status()).isEqualTo(404);
    }

    private static JsonNode row(JsonNode findings, String dest) {
        for (JsonNode row : findings.get("results")) {
            if (row.get("dest").asString().equals(dest)) {
                return row;
            }
        }
        throw new AssertionError("no finding for " + dest + " in " + findings);
    }
}
