package dev.escu.pssession.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.escu.pssession.ingest.EventIntake;
import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.ServiceTest;
import dev.escu.pssession.support.WindowsXml;
import tools.jackson.databind.JsonNode;

/**
 * The hardened companion beside the parity rule, over real HTTP and PostgreSQL: it flags what opens a
 * session in any spelling, with its evidence; the parity rule's findings stay what they are alone; a
 * block split into parts is judged once, reassembled, whichever order and request its parts come in,
 * and after the wait on what came when parts are missing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pssession.detection.companion=true", "pssession.ingest.split-block-wait=5m",
            "pssession.ingest.split-block-check=1h"})
class HardenedEndToEndTest extends ServiceTest {

    private static final String SEED = "a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af";
    private static final String HARDENED = "079dc90d-c7e1-4f5a-8298-2c309483de87";

    @Autowired
    EventIntake intake;

    @BeforeEach
    void now() {
        clock.set(Instant.parse("2026-03-02T12:00:00Z"));
    }

    private JsonNode findings(String detection) {
        return api.get("/api/v1/findings?size=1000&detection=" + detection).json().get("results");
    }

    @Test
    void flagsEverySpellingOfTheSampleWithEvidenceAndLeavesTheParityRuleAsItIs() {
        JsonNode report = api.post("/api/v1/events", "application/xml", HttpApi.resource("samples/powershell-4104.xml")).json();
        assertThat(report.get("matched").asInt()).isEqualTo(3); // 1 and 3 by both, 4 (etsn -Cn) by the companion only

        JsonNode seed = findings(SEED);
        assertThat(seed).hasSize(2); // as samples/README.md says the parity rule gives
        JsonNode hardened = findings(HARDENED);
        assertThat(hardened).hasSize(3);
        List<String> commands = new ArrayList<>();
        hardened.forEach(row -> {
            JsonNode evidence = row.get("evidence");
            commands.add(evidence.get("command").asString());
            assertThat(evidence.get("parameterSet").asString()).isEqualTo("ComputerName");
            assertThat(evidence.get("reassembled").asBoolean()).isFalse();
        });
        assertThat(commands).containsExactlyInAnyOrder("Enter-PSSession", "Enter-PSSession", "etsn");
        assertThat(seed.get(0).has("evidence")).isFalse();
        JsonNode risk = api.get("/api/v1/risk/events?limit=100").json().get("results");
        assertThat(risk).filteredOn(e -> e.get("detection_id").asString().equals(HARDENED)).hasSize(3)
                .allSatisfy(e -> assertThat(e.get("search_name").asString())
                        .isEqualTo("ESCU - Interactive Session on Remote Endpoint with PowerShell (hardened) - Rule"));
    }

    @Test
    void theCompanionIsADetectionOfItsOwnAsHardenedMdDescribesIt() {
        JsonNode detection = api.get("/api/v1/detections/" + HARDENED).json();
        assertThat(detection.get("name").asString()).isEqualTo("Interactive Session on Remote Endpoint with PowerShell (hardened)");
        assertThat(detection.get("type").asString()).isEqualTo("TTP");
        assertThat(detection.get("mitre")).extracting(JsonNode::asString).containsExactly("T1021.006");
        JsonNode risk = detection.get("rba").get("riskObjects");
        assertThat(risk).hasSize(1);
        assertThat(risk.get(0).get("field").asString()).isEqualTo("dest");
        assertThat(risk.get(0).get("type").asString()).isEqualTo("system");
        assertThat(risk.get(0).get("score").asInt()).isEqualTo(50);
        assertThat(detection.get("resultFields")).extracting(JsonNode::asString).containsExactly("dest", "signature",
                "signature_id", "user_id", "vendor_product", "EventID", "Guid", "Opcode", "Name", "Path", "ProcessID",
                "ScriptBlockId", "ScriptBlockText");
        assertThat(api.get("/api/v1/detections?size=1000").json().get("results")).extracting(d -> d.get("id").asString())
                .contains(SEED, HARDENED);

        // an alias and a positional target, which the parity rule does not see
        api.post("/api/v1/events", "application/xml", WindowsXml.events()
                .add(501, "WS-ETSN", "S-1-5-18", "2026-03-02T11:00:00.0000000Z", "etsn srv01", "").xml());
        assertThat(findings(SEED)).isEmpty();
        JsonNode row = findings(HARDENED).get(0);
        assertThat(row.get("dest").asString()).isEqualTo("WS-ETSN");
        assertThat(row.get("evidence").get("command").asString()).isEqualTo("etsn");
        assertThat(row.get("evidence").get("target").asString()).isEqualTo("srv01");
        JsonNode riskEvent = api.get("/api/v1/risk/events?object=WS-ETSN").json().get("results").get(0);
        assertThat(riskEvent.get("detection_id").asString()).isEqualTo(HARDENED);
        assertThat(riskEvent.get("risk_object_type").asString()).isEqualTo("system");
        assertThat(riskEvent.get("risk_score").asInt()).isEqualTo(50);
        for (JsonNode link : row.get("drilldowns")) {
            assertThat(api.get(link.get("href").asString()).json().get("results")).as(link.toString()).hasSize(1);
        }
        assertThat(api.get("/api/v1/detections/" + HARDENED + "/results?dest=ws-etsn").json().get("results")).hasSize(1);
    }

    @Test
    void aBlockInThreePartsPostedLastPartFirstRaisesOneFindingOnTheReassembledText() {
        String[] parts = {"$servers = Get-Content .\\hosts.txt\r\nforeach ($s in $servers) {\r\n  Enter-PS",
            "Session -Comp", "uterName $s -Credential $cred\r\n}"};
        String id = "7e1f3c2a-0000-4000-8000-000000000001";
        JsonNode third = post(part(103, id, 3, parts[2]));
        JsonNode first = post(part(101, id, 1, parts[0]));
        assertThat(third.get("findingsUpdated").asInt() + first.get("findingsUpdated").asInt()).isZero();
        JsonNode waiting = api.get("/api/v1/script-blocks/" + id).json();
        assertThat(waiting.get("complete").asBoolean()).isFalse();
        assertThat(waiting.get("partsMissing").get(0).asInt()).isEqualTo(2);

        JsonNode second = post(part(102, id, 2, parts[1]));
        assertThat(second.get("findingsUpdated").asInt()).isEqualTo(1);

        JsonNode rows = findings(HARDENED);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("ScriptBlockText").asString()).isEqualTo(String.join("", parts));
        assertThat(rows.get(0).get("ScriptBlockId").asString()).isEqualTo(id);
        assertThat(rows.get(0).get("dest").asString()).isEqualTo("BUILD-AGENT-7");
        JsonNode evidence = rows.get(0).get("evidence");
        assertThat(evidence.get("reassembled").asBoolean()).isTrue();
        assertThat(evidence.get("complete").asBoolean()).isTrue();
        assertThat(evidence.get("parameterSet").asString()).isEqualTo("ComputerName");
        assertThat(findings(SEED)).isEmpty(); // no single part holds both of its terms: the parity rule judges each alone

        JsonNode block = api.get("/api/v1/script-blocks/" + id).json();
        assertThat(block.get("ScriptBlockId").asString()).isEqualTo(id);
        assertThat(block.get("MessageTotal").asInt()).isEqualTo(3); // API.md's name, as Splunk's field
        assertThat(block.get("partsPresent")).extracting(JsonNode::asInt).containsExactly(1, 2, 3);
        assertThat(block.get("complete").asBoolean()).isTrue();
        assertThat(block.get("timedOut").asBoolean()).isFalse();
        assertThat(block.get("text").asString()).isEqualTo(String.join("", parts));
        assertThat(block.get("judgement").get("verdict").asString()).isEqualTo("flagged");

        // a part delivered again changes nothing
        JsonNode again = post(part(102, id, 2, parts[1]));
        assertThat(again.get("findingsUpdated").asInt()).isZero();
        assertThat(findings(HARDENED).get(0).get("count").asInt()).isEqualTo(1);
    }

    @Test
    void aBlockWhosePartsStopComingIsJudgedOnWhatCameAfterTheWait() {
        String id = "7e1f3c2a-0000-4000-8000-000000000002";
        post(part(201, id, 1, "etsn -ComputerName LAB01; "));
        post(part(203, id, 3, "Write-Output done"));
        assertThat(intake.judgeWaitingBlocks()).isZero(); // not waited long enough
        JsonNode waiting = api.get("/api/v1/script-blocks/" + id).json();
        assertThat(waiting.get("MessageTotal").asInt()).isEqualTo(3);
        assertThat(waiting.get("partsMissing")).extracting(JsonNode::asInt).containsExactly(2);
        assertThat(waiting.get("complete").asBoolean()).isFalse();
        assertThat(waiting.get("timedOut").asBoolean()).isFalse();

        clock.advance(Duration.ofMinutes(6));
        assertThat(intake.judgeWaitingBlocks()).isEqualTo(1);
        JsonNode rows = findings(HARDENED);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("evidence").get("complete").asBoolean()).isFalse();
        assertThat(rows.get(0).get("evidence").get("target").asString()).isEqualTo("LAB01");
        JsonNode timedOut = api.get("/api/v1/script-blocks/" + id).json();
        assertThat(timedOut.get("complete").asBoolean()).isFalse();
        assertThat(timedOut.get("timedOut").asBoolean()).isTrue();
        assertThat(timedOut.get("text").asString()).isEqualTo("etsn -ComputerName LAB01; Write-Output done");
        assertThat(intake.judgeWaitingBlocks()).isZero(); // judged once

        // the missing part coming late changes nothing
        assertThat(post(part(202, id, 2, "Get-Date; ")).get("findingsUpdated").asInt()).isZero();
        assertThat(api.get("/api/v1/script-blocks/" + id).json().get("judgement").get("onCompleteBlock").asBoolean()).isFalse();
    }

    @Test
    void aPartWhoseMessageTotalDisagreesWithItsBlockIsNoPartOfTheReassembledText() {
        String id = "7e1f3c2a-0000-4000-8000-000000000003";
        post(part(401, id, 1, "Get-Date; "));
        // same ScriptBlockId, another MessageTotal: one claims the block's third place, one lies past its end
        post(part(402, id, 3, 4, "etsn -ComputerName EVIL01; "));
        post(part(403, id, 5, 5, "Enter-PSSession -ComputerName EVIL02"));
        JsonNode waiting = api.get("/api/v1/script-blocks/" + id).json();
        assertThat(waiting.get("MessageTotal").asInt()).isEqualTo(3);
        assertThat(waiting.get("partsPresent")).extracting(JsonNode::asInt).containsExactly(1);
        assertThat(waiting.get("text").asString()).isEqualTo("Get-Date; ");

        assertThat(post(part(404, id, 2, "Get-Process; ")).get("findingsUpdated").asInt()).isZero();
        assertThat(post(part(405, id, 3, "Write-Output done")).get("findingsUpdated").asInt()).isZero();
        JsonNode whole = api.get("/api/v1/script-blocks/" + id).json();
        assertThat(whole.get("complete").asBoolean()).isTrue();
        assertThat(whole.get("text").asString()).isEqualTo("Get-Date; Get-Process; Write-Output done");
        assertThat(whole.get("judgement").get("verdict").asString()).isEqualTo("not flagged");
        assertThat(findings(HARDENED)).isEmpty();
        assertThat(findings(SEED)).hasSize(1); // the parity rule judged the stray part alone, as every event
    }

    @Test
    void theLastTwoPartsArrivingTogetherJudgeTheBlockExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int n = 0; n < 8; n++) {
                int b = n;
                String id = "7e1f3c2a-0000-4000-8000-00000000010" + b;
                post(part(300 + 10L * b, id, 1, "Enter-PSSession "));
                Future<JsonNode> two = pool.submit(() -> post(part(301 + 10L * b, id, 2, "-ComputerName ")));
                Future<JsonNode> three = pool.submit(() -> post(part(302 + 10L * b, id, 3, "SRV" + b)));
                assertThat(two.get().get("findingsUpdated").asInt() + three.get().get("findingsUpdated").asInt())
                        .as("block %d", b).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(findings(HARDENED)).hasSize(8);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM script_block WHERE judged_at IS NULL", Long.class)).isZero();
    }

    @Test
    void tuningFiltersApplyToTheCompanionToo() {
        api.send("POST", "/api/v1/detections/" + HARDENED + "/filters", "application/json",
                "{\"conditions\": {\"dest\": \"LAPTOP-*\"}, \"reason\": \"admin laptops\"}");
        JsonNode report = api.post("/api/v1/events", "application/xml", HttpApi.resource("samples/powershell-4104.xml")).json();
        assertThat(findings(HARDENED)).allSatisfy(row -> assertThat(row.get("dest").asString()).doesNotStartWith("LAPTOP-"));
        assertThat(findings(SEED)).hasSize(2);
        assertThat(report.get("matched").asInt()).isEqualTo(3);
    }

    private JsonNode post(String xml) {
        HttpApi.Response response = api.post("/api/v1/events", "application/xml", xml);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static String part(long recordId, String scriptBlockId, int number, String text) {
        return part(recordId, scriptBlockId, number, 3, text);
    }

    private static String part(long recordId, String scriptBlockId, int number, int total, String text) {
        return WindowsXml.events().add(recordId, "BUILD-AGENT-7", "S-1-5-18", "2026-03-02T10:0" + number + ":00.0000000Z",
                text, "", scriptBlockId, number, total).xml();
    }
}
