package dev.escu.pssession.web.security;

import static dev.escu.pssession.support.EventLines.events;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.ServiceTest;
import dev.escu.pssession.support.TestKeys;

/** Roles and API keys over real HTTP (so the /error dispatch goes through the security filters too). */
class AccessControlTest extends ServiceTest {

    private static final String FILTERS = "/api/v1/detections/a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af/filters";

    HttpApi admin;
    HttpApi analyst;
    HttpApi ingest;
    HttpApi anonymous;

    @BeforeEach
    void clients() {
        admin = api;
        analyst = admin.as("Bearer " + TestKeys.ANALYST);
        ingest = admin.as("Bearer " + TestKeys.INGEST);
        anonymous = admin.as(null);
    }

    private static String batch() {
        return events().matching("HOST-1", "2026-03-02T08:00:00Z").ndjson();
    }

    @Test
    void refusesRequestsWithoutAKeyAsAProblem() {
        HttpApi.Response response = anonymous.get("/api/v1/findings");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(t -> assertThat(t).startsWith("Bearer"));
        assertThat(response.json().get("type").asString()).isEqualTo("https://pssession-detector.dev/problems/unauthorized");
        assertThat(response.json().get("status").asInt()).isEqualTo(401);
        assertThat(anonymous.post("/api/v1/events", "application/x-ndjson", batch()).status()).isEqualTo(401);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM matched_event", Long.class)).isZero();
    }

    @Test
    void refusesAnUnknownKeyAndAMalformedHeader() {
        HttpApi.Response wrong = admin.as("Bearer not-a-key").get("/api/v1/findings");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("detail").asString()).contains("not valid");
        assertThat(admin.as("Basic dXNlcjpwYXNz").get("/api/v1/findings").status()).isEqualTo(401);
        assertThat(admin.as("Bearer").get("/api/v1/findings").status()).isEqualTo(401);
        assertThat(admin.as("Bearer " + TestKeys.ADMIN + "x").get("/api/v1/findings").status()).isEqualTo(401);
    }

    @Test
    void letsTheIngestRolePostButNotRead() {
        assertThat(ingest.post("/api/v1/events", "application/x-ndjson", batch()).status()).isEqualTo(200);
        HttpApi.Response read = ingest.get("/api/v1/findings");
        assertThat(read.status()).isEqualTo(403);
        assertThat(read.json().get("type").asString()).endsWith("/forbidden");
    }

    @Test
    void acceptsEveryKeyOfARoleForRotation() {
        HttpApi rotated = admin.as("Bearer " + TestKeys.INGEST_ROTATED);
        assertThat(rotated.post("/api/v1/events", "application/x-ndjson", batch()).status()).isEqualTo(200);
    }

    @Test
    void acceptsTheSplunkScheme() {
        HttpApi splunk = admin.as("Splunk " + TestKeys.INGEST);
        assertThat(splunk.post("/api/v1/events", "application/x-ndjson", batch()).status()).isEqualTo(200);
    }

    @Test
    void letsTheAnalystReadButNotPostOrTune() {
        assertThat(analyst.get("/api/v1/findings").status()).isEqualTo(200);
        assertThat(analyst.get("/api/v1/risk/events").status()).isEqualTo(200);
        assertThat(analyst.get(FILTERS).status()).isEqualTo(200);
        assertThat(analyst.post("/api/v1/events", "application/x-ndjson", batch()).status()).isEqualTo(403);
        assertThat(analyst.send("POST", FILTERS, "application/json",
                "{\"conditions\": {\"dest\": \"x\"}, \"reason\": \"r\"}").status()).isEqualTo(403);
    }

    @Test
    void letsTheAdminDoEverythingAndRecordsWhoTuned() {
        assertThat(admin.post("/api/v1/events", "application/x-ndjson", batch()).status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/findings").status()).isEqualTo(200);
        assertThat(admin.send("POST", FILTERS, "application/json",
                "{\"conditions\": {\"dest\": \"x\"}, \"reason\": \"r\"}").status()).isEqualTo(201);
        assertThat(jdbc.queryForObject("SELECT created_by FROM detection_filter", String.class)).isEqualTo("admin-test");
    }

    @Test
    void answersValidationErrorsAs400NotAs401() {
        assertThat(analyst.get("/api/v1/findings?size=0").status()).isEqualTo(400);
        assertThat(analyst.get("/api/v1/findings?page=x").status()).isEqualTo(400);
        assertThat(ingest.post("/api/v1/events", "text/plain", "hello").status()).isEqualTo(415);
        assertThat(ingest.post("/api/v1/events", "application/json", "not json").status()).isEqualTo(400);
        assertThat(analyst.get("/api/v1/no-such-thing").status()).isEqualTo(404);
    }

    @Test
    void leavesDocumentationAndProbesOpen() {
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
        assertThat(anonymous.get("/swagger-ui/index.html").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(anonymous.get("/v3/api-docs").json().get("components").get("securitySchemes").has("bearer")).isTrue();
    }

    @Test
    void answersHecClientsInSplunksOwnTerms() {
        HttpApi.Response missing = anonymous.post("/services/collector/event", "application/json", "{\"event\": \"x\"}");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().get("code").asInt()).isEqualTo(2);
        assertThat(missing.json().get("text").asString()).isEqualTo("Token is required");
        HttpApi.Response invalid = admin.as("Splunk wrong").post("/services/collector/event", "application/json", "{\"event\": \"x\"}");
        assertThat(invalid.status()).isEqualTo(403);
        assertThat(invalid.json().get("code").asInt()).isEqualTo(4);
        HttpApi.Response malformed = admin.as("Token abc").post("/services/collector/event", "application/json", "{}");
        assertThat(malformed.status()).isEqualTo(401);
        assertThat(malformed.json().get("code").asInt()).isEqualTo(3);
        // acknowledgement polling checks the token first too, then says acknowledgement is off
        assertThat(anonymous.post("/services/collector/ack", "application/json", "{\"acks\":[0]}").json().get("code").asInt())
                .isEqualTo(2);
        HttpApi.Response ack = admin.as("Splunk " + TestKeys.INGEST).post("/services/collector/ack", "application/json",
                "{\"acks\":[0]}");
        assertThat(ack.status()).isEqualTo(400);
        assertThat(ack.json().get("code").asInt()).isEqualTo(14);
    }

    @Test
    void answersAQueryTokenWhileTheyAreOffWithSplunksCode16() {
        HttpApi.Response query = anonymous.post("/services/collector/event?token=" + TestKeys.INGEST, "application/json",
                "{\"event\": \"x\"}");
        assertThat(query.status()).isEqualTo(400);
        assertThat(query.json().get("code").asInt()).isEqualTo(16);
        assertThat(query.json().get("text").asString()).isEqualTo("Query string authorization is not enabled");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM matched_event", Long.class)).isZero();
    }
}
