package dev.escu.pssession.catalog;

import static dev.escu.pssession.support.EventLines.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.ServiceInstance;
import dev.escu.pssession.support.ServiceTest;
import dev.escu.pssession.support.TestKeys;
import tools.jackson.databind.JsonNode;

/**
 * Detections posted over the API: validated by the content parser (422 with the reason and position),
 * stored, run at once here and on every other instance within its refresh period, retired by DELETE
 * (their findings stay), and only by an admin.
 */
class CustomDetectionsTest extends ServiceTest {

    private static final String ID = "9d1e8a4c-2b7f-4c55-a1b3-5f0c9e7d6a21";

    private static String document(int version, String search) {
        return """
                name: Invoke-Command With Explicit Credential (posted)
                id: %s
                version: %d
                date: '2026-12-01'
                author: SOC
                status: production
                type: Anomaly
                description: Invoke-Command against another host with an explicit credential.
                data_source:
                - Powershell Script Block Logging 4104
                search: '%s'
                how_to_implement: Script Block Logging.
                known_false_positives: Admins.
                references: []
                rba:
                  message: Remote command with a credential on $dest$ by $user_id$
                  risk_objects:
                  - field: dest
                    type: system
                    score: 25
                  - field: user_id
                    type: user
                    score: 35
                  threat_objects: []
                tags:
                  analytic_story:
                  - Posted Stories
                  asset_type: Endpoint
                  mitre_attack_id:
                  - T1021.006
                  product:
                  - Splunk Enterprise
                  security_domain: endpoint
                """.formatted(ID, version, search);
    }

    private static final String SEARCH = "`powershell` EventCode=4104 ScriptBlockText=\"*Invoke-Command*\" "
            + "ScriptBlockText=\"*-Credential*\" | fillnull | stats count min(_time) as firstTime max(_time) as lastTime "
            + "by dest user_id ScriptBlockText | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` "
            + "| `invoke_command_with_explicit_credential_posted_filter`";

    private static final String MATCHING = "Invoke-Command -ComputerName SRV9 -Credential $c { whoami }";

    private HttpApi.Response post(String yaml) {
        return api.post("/api/v1/detections", "application/yaml", yaml);
    }

    @Test
    void aPostedDetectionRunsAtOnceAndAppearsInTheCatalogue() {
        HttpApi.Response created = post(document(1, SEARCH));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains("/api/v1/detections/" + ID);
        assertThat(created.json().get("posted").asBoolean()).isTrue();
        assertThat(created.json().get("file").asString()).isEqualTo("api:" + ID);

        JsonNode report = api.post("/api/v1/events", "application/x-ndjson",
                events().add("WS-9", "2026-03-02T08:00:00Z", MATCHING, "r1").ndjson()).json();
        assertThat(report.get("matched").asInt()).isEqualTo(1);
        assertThat(report.get("riskEventsCreated").asInt()).isEqualTo(2);
        JsonNode row = api.get("/api/v1/findings?detection=" + ID).json().get("results").get(0);
        assertThat(row.get("dest").asString()).isEqualTo("WS-9");
        assertThat(row.get("ScriptBlockText").asString()).isEqualTo(MATCHING);
        assertThat(api.get("/api/v1/detections?q=posted").json().get("results")).hasSize(1);
    }

    @Test
    void aDocumentThatCannotRunIsRefusedWithItsReasonAndPosition() {
        HttpApi.Response unsupported = post(document(1, "`powershell` EventCode=4104 | where len(ScriptBlockText) > 10 "
                + "| stats count min(_time) as firstTime max(_time) as lastTime by dest"));
        assertThat(unsupported.status()).isEqualTo(422);
        assertThat(unsupported.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/problem+json"));
        JsonNode problem = unsupported.json();
        assertThat(problem.get("type").asString()).endsWith("/detection-cannot-run");
        assertThat(problem.get("reason").asString()).contains("where");
        assertThat(problem.get("position").asInt()).isEqualTo("`powershell` EventCode=4104 | ".length());
        assertThat(problem.get("errors").get(0).get("name").asString()).isEqualTo("search");

        assertThat(post("name: [unclosed").status()).isEqualTo(422);
        assertThat(post(document(1, SEARCH).replace("Powershell Script Block Logging 4104", "Sysmon EventID 1"))
                .json().get("reason").asString()).contains("data source");
        assertThat(api.get("/api/v1/detections/" + ID).status()).isEqualTo(404);
    }

    @Test
    void anIdTakenByTheContentOrByAnEqualVersionIsAConflict() {
        String seed = document(1, SEARCH).replace(ID, "a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af");
        assertThat(post(seed).status()).isEqualTo(409);

        assertThat(post(document(1, SEARCH)).status()).isEqualTo(201);
        assertThat(post(document(1, SEARCH)).status()).isEqualTo(409);
        HttpApi.Response newer = post(document(2, SEARCH));
        assertThat(newer.status()).isEqualTo(201);
        assertThat(api.get("/api/v1/detections/" + ID).json().get("version").asInt()).isEqualTo(2);
    }

    @Test
    void deletingRetiresThePostedDetectionButKeepsItsFindings() {
        post(document(1, SEARCH));
        api.post("/api/v1/events", "application/x-ndjson", events().add("WS-9", "2026-03-02T08:00:00Z", MATCHING, "r1").ndjson());

        assertThat(api.send("DELETE", "/api/v1/detections/" + ID, null, null).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/detections/" + ID).status()).isEqualTo(404);
        JsonNode kept = api.get("/api/v1/findings?detection=" + ID).json();
        assertThat(kept.get("results")).hasSize(1);
        assertThat(kept.get("results").get(0).get("dest").asString()).isEqualTo("WS-9");
        JsonNode after = api.post("/api/v1/events", "application/x-ndjson",
                events().add("WS-9", "2026-03-02T09:00:00Z", MATCHING, "r2").ndjson()).json();
        assertThat(after.get("matched").asInt()).isZero();

        assertThat(api.send("DELETE", "/api/v1/detections/a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af", null, null).status())
                .isEqualTo(409);
        assertThat(api.send("DELETE", "/api/v1/detections/no-such-id", null, null).status()).isEqualTo(404);
    }

    @Test
    void onlyAnAdminChangesTheCatalogue() {
        HttpApi analyst = api.as("Bearer " + TestKeys.ANALYST);
        HttpApi ingest = api.as("Bearer " + TestKeys.INGEST);
        assertThat(analyst.post("/api/v1/detections", "application/yaml", document(1, SEARCH)).status()).isEqualTo(403);
        assertThat(ingest.post("/api/v1/detections", "application/yaml", document(1, SEARCH)).status()).isEqualTo(403);
        assertThat(analyst.post("/api/v1/detections/reload", null, "").status()).isEqualTo(403);
        assertThat(analyst.send("DELETE", "/api/v1/detections/" + ID, null, null).status()).isEqualTo(403);
        assertThat(analyst.get("/api/v1/detections").status()).isEqualTo(200);

        JsonNode reloaded = api.post("/api/v1/detections/reload", null, "").json();
        assertThat(reloaded.get("running").asInt()).isEqualTo(1);
    }

    @Test
    void aDetectionPostedOnOneInstanceRunsOnAnotherWithinSeconds() throws InterruptedException {
        try (ServiceInstance other = ServiceInstance.start("pssession.detection.refresh=200ms")) {
            HttpApi otherApi = other.api();
            assertThat(otherApi.get("/api/v1/detections/" + ID).status()).isEqualTo(404);

            assertThat(post(document(1, SEARCH)).status()).isEqualTo(201);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (otherApi.get("/api/v1/detections/" + ID).status() != 200) {
                assertThat(Instant.now()).as("the other instance runs the posted detection").isBefore(deadline);
                Thread.sleep(50);
            }
            JsonNode report = otherApi.post("/api/v1/events", "application/x-ndjson",
                    events().add("WS-7", "2026-03-02T08:00:00Z", MATCHING, "r7").ndjson()).json();
            assertThat(report.get("matched").asInt()).isEqualTo(1);

            assertThat(api.send("DELETE", "/api/v1/detections/" + ID, null, null).status()).isEqualTo(204);
            Instant retired = Instant.now().plus(Duration.ofSeconds(10));
            while (otherApi.get("/api/v1/detections/" + ID).status() != 404) {
                assertThat(Instant.now()).as("the other instance stops running it").isBefore(retired);
                Thread.sleep(50);
            }
        }
    }
}
