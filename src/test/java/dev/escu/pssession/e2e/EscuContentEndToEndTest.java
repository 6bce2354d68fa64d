package dev.escu.pssession.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.ServiceTest;
import dev.escu.pssession.support.WindowsXml;
import tools.jackson.databind.JsonNode;

/**
 * A content folder of our own ESCU-format detections (src/test/resources/content: eleven that run,
 * the others skipped one per reason) beside the bundled seed, over real HTTP into PostgreSQL: the
 * catalogue lists them, and one batch gives each detection the rows Splunk would give (its own BY
 * columns and names, renames, counts, times as ctime or epoch, its filter macro), the risk events of
 * its rba (each risk object with its type and score, threat objects), and re-posting changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pssession.detection.escu-content=src/test/resources/content")
class EscuContentEndToEndTest extends ServiceTest {

    private static final String SEED = "a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af";
    private static final String REMOTE = "5517d815-60bc-479d-9da0-459f4c5c0b63";
    private static final String JUMP = "50f643e6-f57f-4ba7-b923-c8b0620d42cb";
    private static final String CRYPTO = "1161bd2a-6aef-4b2f-bf42-543180959d47";
    private static final String CLIPBOARD = "f4ea371c-6056-4d88-ab9d-78832f5ade3f";
    private static final String DOMAIN_USERS = "f2b4b6a7-5263-4fb6-b0fb-01a1f2c973d8";

    private static final String BATCH = WindowsXml.events()
            .add(1, "WS-1", "S-1-5-21-1001", "2026-03-02T08:00:00.1234567Z", "Enter-PSSession -ComputerName SQL01", "", "block-1", 1, 1)
            .add(2, "WS-1", "S-1-5-21-1001", "2026-03-02T09:30:00.0000000Z", "Enter-PSSession -ComputerName SQL01", "", "block-1", 1, 1)
            .add(3, "JUMP-01", "S-1-5-21-1002", "2026-03-02T10:00:00.0000000Z", "Invoke-Command -ComputerName SRV2 { hostname }", "")
            .add(4, "WS-2", "S-1-5-21-1003", "2026-03-02T10:05:00.0000000Z", "Invoke-Command -ComputerName SRV2 { hostname }", "")
            .add(5, "WS-3", "S-1-5-21-1004", "2026-03-02T11:00:00.0000000Z", "$aes = New-Object System.Security.Cryptography.AesManaged", "")
            .add(6, "WS-4", "S-1-5-21-1005", "2026-03-02T12:00:00.5000000Z", "Get-Clipboard | Out-File c:\\temp\\c.txt", "C:\\Users\\bob\\grab.ps1")
            .add(7, "WS-5", "S-1-5-21-1006", "2026-03-02T13:00:00.0000000Z", "Get-DomainUser -SPN", "")
            .add(8, "WS-6", "S-1-5-21-1007", "2026-03-02T14:00:00.0000000Z", "Get-ChildItem C:\\", "")
            .xml();

    private JsonNode report;

    @BeforeEach
    void postTheBatch() {
        clock.set(java.time.Instant.parse("2026-03-03T00:00:00Z")); // drilldown 2 looks back 168 hours from now
        report = api.post("/api/v1/events", "application/xml", BATCH).json();
    }

    @Test
    void theCatalogueListsTheRunningAndTheSkippedWithReasons() {
        JsonNode running = api.get("/api/v1/detections?size=1000").json();
        assertThat(running.get("total").asInt()).isEqualTo(12);
        assertThat(ids(running.get("results"))).contains(SEED, REMOTE, JUMP, CRYPTO, CLIPBOARD, DOMAIN_USERS);

        JsonNode skipped = api.get("/api/v1/detections?status=skipped&size=1000").json().get("results");
        assertThat(skipped.size()).isGreaterThanOrEqualTo(13);
        assertThat(skipped).allSatisfy(s -> {
            assertThat(s.get("status").asString()).isEqualTo("skipped");
            assertThat(s.get("reason").asString()).isNotBlank();
            assertThat(s.get("file").asString()).isNotBlank();
        });
        JsonNode unsupported = only(skipped, "file", "detections/endpoint/skip_unsupported_command.yml");
        assertThat(unsupported.get("position").isInt()).isTrue();
        assertThat(unsupported.get("id").asString()).isNotBlank();

        JsonNode ttp = api.get("/api/v1/detections?type=ttp&size=1000").json().get("results");
        assertThat(ttp).allSatisfy(d -> assertThat(d.get("type").asString()).isEqualTo("TTP"));
        assertThat(ids(ttp)).contains(SEED, REMOTE, JUMP).doesNotContain(CRYPTO);
        assertThat(ids(api.get("/api/v1/detections?q=clipboard").json().get("results"))).containsExactly(CLIPBOARD);
        assertThat(ids(api.get("/api/v1/detections?mitre=T1021&size=1000").json().get("results"))).contains(SEED);

        JsonNode remote = api.get("/api/v1/detections/" + REMOTE).json();
        assertThat(remote.get("rba").get("riskObjects")).hasSize(2);
        assertThat(remote.get("search").asString()).contains("Enter-PSSession");
        assertThat(remote.get("file").asString()).isEqualTo("detections/endpoint/remote_session_opened_with_powershell.yml");
    }

    @Test
    void theBatchIsCountedOnceWhateverNumberOfDetectionsKeptAnEvent() {
        assertThat(report.get("received").asInt()).isEqualTo(8);
        assertThat(report.get("accepted").asInt()).isEqualTo(8);
        // 1 and 2 (seed and the remote session), 4 (Invoke-Command; 3 is dropped by the filter macro), 5, 6, 7
        assertThat(report.get("matched").asInt()).isEqualTo(6);
        assertThat(report.get("duplicates").asInt()).isZero();
        assertThat(report.get("findingsUpdated").asInt()).isEqualTo(6);
        // seed: 2 windows; remote session: 2 windows x 2 risk objects; Invoke-Command 1; cryptography 1;
        // the domain user listing, written in the older format, 2 (its observables dest and user)
        assertThat(report.get("riskEventsCreated").asInt()).isEqualTo(10);
    }

    @Test
    void eachDetectionGivesItsOwnColumnsCountsAndTimes() {
        JsonNode remote = single(REMOTE);
        assertThat(remote.get("dest").asString()).isEqualTo("WS-1");
        assertThat(remote.get("user_id").asString()).isEqualTo("S-1-5-21-1001");
        assertThat(remote.get("Path").asString()).isEqualTo("0");
        assertThat(remote.get("count").asInt()).isEqualTo(2);
        assertThat(remote.get("firstTime").asString()).isEqualTo("2026-03-02T08:00:00");
        assertThat(remote.get("lastTime").asString()).isEqualTo("2026-03-02T09:30:00");
        assertThat(single(SEED).get("count").asInt()).isEqualTo(2);

        // the filter macro keeps the jump hosts out
        JsonNode jump = single(JUMP);
        assertThat(fieldNames(jump)).containsSequence("dest", "user_id", "ScriptBlockText", "count", "firstTime", "lastTime");
        assertThat(jump.get("dest").asString()).isEqualTo("WS-2");

        // rename UserID as user before stats, Computer as dest after it
        JsonNode crypto = single(CRYPTO);
        assertThat(fieldNames(crypto)).containsSequence("EventCode", "ScriptBlockText", "dest", "user", "count", "firstTime",
                "lastTime");
        assertThat(crypto.get("dest").asString()).isEqualTo("WS-3");
        assertThat(crypto.get("user").asString()).isEqualTo("S-1-5-21-1004");
        assertThat(crypto.get("EventCode").asString()).isEqualTo("4104");

        // count as hits; firstTime without ctime stays epoch seconds, lastTime with it is ctime
        JsonNode clipboard = single(CLIPBOARD);
        assertThat(fieldNames(clipboard)).containsSequence("dest", "Path", "hits", "firstTime", "lastTime");
        assertThat(clipboard.get("hits").asInt()).isEqualTo(1);
        assertThat(clipboard.get("Path").asString()).isEqualTo("C:\\Users\\bob\\grab.ps1");
        assertThat(clipboard.get("firstTime").asString()).isEqualTo("1772452800.5");
        assertThat(clipboard.get("lastTime").asString()).isEqualTo("2026-03-02T12:00:00");

        JsonNode users = single(DOMAIN_USERS);
        assertThat(users.get("dest").asString()).isEqualTo("WS-5");
        assertThat(users.get("user").asString()).isEqualTo("S-1-5-21-1006");
        assertThat(users.get("firstTime").asString()).isEqualTo("2026-03-02T13:00:00");
        assertThat(users.get("lastTime").asString()).isEqualTo("1772456400");
    }

    @Test
    void riskEventsFollowEachDetectionsRba() {
        JsonNode events = api.get("/api/v1/risk/events?limit=1000").json().get("results");
        List<JsonNode> remote = byDetection(events, REMOTE);
        assertThat(remote).hasSize(4);
        assertThat(remote).filteredOn(e -> e.get("risk_object_type").asString().equals("system")).hasSize(2)
                .allSatisfy(e -> {
                    assertThat(e.get("risk_object").asString()).isEqualTo("WS-1");
                    assertThat(e.get("risk_score").asInt()).isEqualTo(50);
                });
        assertThat(remote).filteredOn(e -> e.get("risk_object_type").asString().equals("user")).hasSize(2)
                .allSatisfy(e -> {
                    assertThat(e.get("risk_object").asString()).isEqualTo("S-1-5-21-1001");
                    assertThat(e.get("normalized_risk_object").asString()).isEqualTo("s-1-5-21-1001");
                    assertThat(e.get("risk_score").asInt()).isEqualTo(30);
                });
        assertThat(remote).allSatisfy(e -> {
            assertThat(e.get("risk_message").asString()).isEqualTo("A remote session was opened from WS-1 by S-1-5-21-1001");
            assertThat(e.get("search_name").asString()).isEqualTo("ESCU - Remote Session Opened With PowerShell - Rule");
        });

        JsonNode crypto = byDetection(events, CRYPTO).get(0);
        assertThat(crypto.get("risk_object").asString()).isEqualTo("WS-3");
        assertThat(crypto.get("risk_score").asInt()).isEqualTo(20);
        assertThat(crypto.get("threat_object").get(0).asString()).isEqualTo("$aes = New-Object System.Security.Cryptography.AesManaged");
        assertThat(crypto.get("threat_object_type").get(0).asString()).isEqualTo("signature");
        assertThat(byDetection(events, CLIPBOARD)).isEmpty(); // a hunting detection without rba raises none

        // the older format: tags.message, tags.risk_score for every observable, other observables as threats
        List<JsonNode> users = byDetection(events, DOMAIN_USERS);
        assertThat(users).extracting(e -> e.get("risk_object_type").asString()).containsExactlyInAnyOrder("system", "user");
        assertThat(users).allSatisfy(e -> {
            assertThat(e.get("risk_score").asInt()).isEqualTo(15);
            assertThat(e.get("risk_message").asString()).isEqualTo("Domain users were listed on WS-5 by S-1-5-21-1006.");
            assertThat(e.get("threat_object_type").get(0).asString()).isEqualTo("process_name");
        });

        JsonNode summary = api.get("/api/v1/risk/summary?object=WS-1&object=S-1-5-21-1001&hours=87600").json().get("results");
        assertThat(summary).hasSize(2);
    }

    @Test
    void rePostingTheBatchChangesNoCount() {
        String findings = api.get("/api/v1/findings?size=1000").json().get("results").toString();
        JsonNode again = api.post("/api/v1/events", "application/xml", BATCH).json();
        assertThat(again.get("matched").asInt()).isEqualTo(6);
        assertThat(again.get("duplicates").asInt()).isEqualTo(6);
        assertThat(again.get("findingsUpdated").asInt()).isZero();
        assertThat(again.get("riskEventsCreated").asInt()).isZero();
        assertThat(api.get("/api/v1/findings?size=1000").json().get("results").toString()).isEqualTo(findings);
    }

    @Test
    void drilldownLinksOfEveryDetectionAnswer() {
        for (JsonNode finding : api.get("/api/v1/findings?size=1000").json().get("results")) {
            for (JsonNode link : finding.get("drilldowns")) {
                if (link.has("href")) {
                    HttpApi.Response answer = api.get(link.get("href").asString());
                    assertThat(answer.status()).as(link.toString()).isEqualTo(200);
                    assertThat(answer.json().get("results")).as(link.toString()).isNotEmpty();
                }
            }
        }
    }

    private JsonNode single(String detection) {
        JsonNode rows = api.get("/api/v1/findings?detection=" + detection).json().get("results");
        assertThat(rows).as(detection).hasSize(1);
        return rows.get(0);
    }

    private static List<String> ids(JsonNode rows) {
        List<String> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.get("id").asString()));
        return ids;
    }

    private static List<String> fieldNames(JsonNode row) {
        List<String> names = new ArrayList<>();
        row.propertyNames().forEach(names::add);
        return names;
    }

    private static JsonNode only(JsonNode rows, String field, String value) {
        List<JsonNode> found = new ArrayList<>();
        rows.forEach(row -> {
            if (row.path(field).asString("").equals(value)) {
                found.add(row);
            }
        });
        assertThat(found).as(field + "=" + value).hasSize(1);
        return found.get(0);
    }

    private static List<JsonNode> byDetection(JsonNode events, String detection) {
        List<JsonNode> found = new ArrayList<>();
        events.forEach(event -> {
            if (event.get("detection_id").asString().equals(detection)) {
                found.add(event);
            }
        });
        return found;
    }
}
