package dev.escu.pssession.tuning;

import static dev.escu.pssession.support.EventLines.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.ServiceTest;
import tools.jackson.databind.JsonNode;

/** The _filter macro as managed rules: CRUD, wildcards, expiry, audit. */
class TuningFiltersTest extends ServiceTest {

    private static final String FILTERS = "/api/v1/detections/a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af/filters";

    @BeforeEach
    void atNoon() {
        clock.set(Instant.parse("2026-03-02T12:00:00Z"));
    }

    private JsonNode ingest(String dest, String userId) {
        return api.post("/api/v1/events", "application/x-ndjson",
                events().matching(dest, "2026-03-02T08:00:00Z").with("user_id", userId).ndjson()).json();
    }

    private HttpApi.Response createFilter(String json) {
        return api.send("POST", FILTERS, "application/json", json);
    }

    @Test
    void dropsMatchingResultsBeforeFindingsAndRiskEvents() {
        HttpApi.Response created = createFilter("""
                {"conditions": {"dest": "ADMIN-JUMP-*"}, "reason": "jump hosts administer remotely"}""");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).isPresent();

        JsonNode filtered = ingest("admin-jump-07", "S-1-5-18");
        assertThat(filtered.get("matched").asInt()).isEqualTo(1);
        assertThat(filtered.get("filtered").asInt()).isEqualTo(1);
        assertThat(filtered.get("findingsUpdated").asInt()).isZero();
        assertThat(filtered.get("riskEventsCreated").asInt()).isZero();

        JsonNode kept = ingest("WORKSTATION-3", "S-1-5-18");
        assertThat(kept.get("filtered").asInt()).isZero();
        assertThat(kept.get("riskEventsCreated").asInt()).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT dest FROM finding", String.class)).containsExactly("WORKSTATION-3");
    }

    @Test
    void requiresEveryConditionOfARule() {
        createFilter("""
                {"conditions": {"dest": "SRV-*", "user_id": "S-1-5-21-*-500"}, "reason": "built-in admin on servers"}""");
        assertThat(ingest("SRV-1", "S-1-5-21-111-222-333-500").get("filtered").asInt()).isEqualTo(1);
        assertThat(ingest("SRV-2", "S-1-5-21-111-222-333-1001").get("filtered").asInt()).isZero();
        assertThat(ingest("PC-3", "S-1-5-21-111-222-333-500").get("filtered").asInt()).isZero();
    }

    @Test
    void stopsFilteringOnceExpired() {
        createFilter("""
                {"conditions": {"dest": "HOST-*"}, "reason": "maintenance window", "expiresAt": "2026-03-02T13:00:00Z"}""");
        assertThat(ingest("HOST-1", "S-1-5-18").get("filtered").asInt()).isEqualTo(1);
        clock.advance(Duration.ofHours(2));
        JsonNode afterExpiry = ingest("HOST-2", "S-1-5-18");
        assertThat(afterExpiry.get("filtered").asInt()).isZero();
        assertThat(afterExpiry.get("findingsUpdated").asInt()).isEqualTo(1);
        assertThat(api.get(FILTERS).json().get("results").get(0).get("active").asBoolean()).isFalse();
    }

    @Test
    void replacesAndDeletesRulesAndAuditsEveryChange() {
        String id = createFilter("""
                {"conditions": {"dest": "A-*"}, "reason": "first"}""").json().get("id").asString();
        HttpApi.Response replaced = api.send("PUT", FILTERS + "/" + id, "application/json", """
                {"conditions": {"dest": "B-*"}, "reason": "second"}""");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().get("conditions").get("dest").asString()).isEqualTo("B-*");
        assertThat(api.get(FILTERS + "/" + id).json().get("reason").asString()).isEqualTo("second");
        assertThat(ingest("B-1", "S-1-5-18").get("filtered").asInt()).isEqualTo(1);

        assertThat(api.send("DELETE", FILTERS + "/" + id, null, null).status()).isEqualTo(204);
        assertThat(api.get(FILTERS + "/" + id).status()).isEqualTo(404);
        assertThat(ingest("B-2", "S-1-5-18").get("filtered").asInt()).isZero();
        assertThat(jdbc.queryForList("SELECT action FROM detection_filter_change ORDER BY id", String.class))
                .containsExactly("created", "replaced", "deleted");
        assertThat(jdbc.queryForList("SELECT DISTINCT actor FROM detection_filter_change", String.class)).hasSize(1);
    }

    @Test
    void refusesInvalidRulesWithProblems() {
        HttpApi.Response unknownField = createFilter("{\"conditions\": {\"hostname\": \"x\"}, \"reason\": \"r\"}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(unknownField.json().get("type").asString()).endsWith("/invalid-filter");
        assertThat(unknownField.json().get("detail").asString()).contains("'hostname' is not a result field");
        HttpApi.Response noSuchFilter = api.get(FILTERS + "/" + java.util.UUID.randomUUID());
        assertThat(noSuchFilter.status()).isEqualTo(404);
        assertThat(noSuchFilter.json().get("type").asString()).endsWith("/not-found");
        assertThat(createFilter("{\"conditions\": {}, \"reason\": \"r\"}").status()).isEqualTo(400);
        assertThat(createFilter("{\"conditions\": {\"dest\": \"x\"}}").status()).isEqualTo(400);
        assertThat(createFilter("{\"conditions\": {\"dest\": \"x\"}, \"reason\": \"r\", \"expiresAt\": \"2020-01-01T00:00:00Z\"}")
                .status()).isEqualTo(400);
        HttpApi.Response garbage = createFilter("{not json");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.json().get("type").asString()).startsWith("https://");
        assertThat(api.send("POST", "/api/v1/detections/unknown/filters", "application/json",
                "{\"conditions\": {\"dest\": \"x\"}, \"reason\": \"r\"}").status()).isEqualTo(404);
    }

    @Test
    void matchesPatternsOnTheWholeValueIgnoringCase() {
        createFilter("{\"conditions\": {\"dest\": \"jump\"}, \"reason\": \"exact\"}");
        assertThat(ingest("JUMP", "S-1-5-18").get("filtered").asInt()).isEqualTo(1);
        assertThat(ingest("JUMP-2", "S-1-5-18").get("filtered").asInt()).isZero();
    }
}
