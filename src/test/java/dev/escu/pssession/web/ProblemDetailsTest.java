package dev.escu.pssession.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.ServiceTest;
import dev.escu.pssession.support.TestKeys;
import tools.jackson.databind.JsonNode;

/**
 * Every mistake a client can make is answered in one problem that says what to fix: a stable type,
 * the parameter or field, the value given and what is allowed; one test per endpoint family.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProblemDetailsTest extends ServiceTest {

    private static final String SEED = "a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af";
    private static final String FILTERS = "/api/v1/detections/" + SEED + "/filters";

    private static JsonNode problem(HttpApi.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/problem+json"));
        JsonNode body = response.json();
        assertThat(body.get("type").asString()).startsWith("https://pssession-detector.dev/problems/");
        assertThat(body.get("detail").asString()).isNotBlank().doesNotContain("Validation failure");
        return body;
    }

    private static JsonNode onlyError(JsonNode problem) {
        assertThat(problem.get("errors")).hasSize(1);
        return problem.get("errors").get(0);
    }

    @Test
    void findingsNameTheParameterItsValueAndItsBounds() {
        for (String[] bad : new String[][] {{"size", "0", "greater than or equal to 1"}, {"size", "100000", "less than or equal to 1000"},
                {"page", "-1", "greater than or equal to 0"}}) {
            JsonNode problem = problem(api.get("/api/v1/findings?" + bad[0] + "=" + bad[1]), 400);
            assertThat(problem.get("type").asString()).endsWith("/invalid-parameter");
            JsonNode error = onlyError(problem);
            assertThat(error.get("name").asString()).isEqualTo(bad[0]);
            assertThat(error.get("value").asString()).isEqualTo(bad[1]);
            assertThat(error.get("reason").asString()).contains(bad[2]);
        }
        JsonNode typo = problem(api.get("/api/v1/findings?dst=WS-1"), 400);
        assertThat(onlyError(typo).get("name").asString()).isEqualTo("dst");
        assertThat(typo.get("detail").asString()).contains("dest").contains("detection").contains("earliest");
        JsonNode notANumber = problem(api.get("/api/v1/findings?size=ten"), 400);
        assertThat(onlyError(notANumber).get("value").asString()).isEqualTo("ten");
        assertThat(notANumber.get("detail").asString()).contains("whole number");
    }

    @Test
    void riskEndpointsNameTheParameterToo() {
        assertThat(onlyError(problem(api.get("/api/v1/risk/events?limit=0"), 400)).get("name").asString()).isEqualTo("limit");
        assertThat(onlyError(problem(api.get("/api/v1/risk/summary?object=x&hours=0"), 400)).get("name").asString())
                .isEqualTo("hours");
        assertThat(onlyError(problem(api.get("/api/v1/risk/summary?object="), 400)).get("name").asString()).isEqualTo("object");
        assertThat(onlyError(problem(api.get("/api/v1/risk/summary"), 400)).get("name").asString()).isEqualTo("object");
        assertThat(onlyError(problem(api.get("/api/v1/risk/events?after=nonsense"), 400)).get("name").asString())
                .isEqualTo("after");
    }

    @Test
    void riskSummarySaysTheWindowItUsed() {
        clock.set(java.time.Instant.parse("2026-03-09T00:00:00Z"));
        JsonNode answer = api.get("/api/v1/risk/summary?object=WS-1&hours=24").json();
        assertThat(answer.get("earliest").asString()).isEqualTo("2026-03-08T00:00:00Z");
        assertThat(answer.get("latest").asString()).isEqualTo("2026-03-09T00:00:00Z");
    }

    @Test
    void filterBodiesNameTheFieldThatIsWrong() {
        JsonNode empty = problem(api.send("POST", FILTERS, "application/json", "{\"conditions\": {}, \"reason\": \"r\"}"), 400);
        assertThat(empty.get("type").asString()).endsWith("/invalid-body");
        assertThat(onlyError(empty).get("name").asString()).isEqualTo("conditions");

        JsonNode noReason = problem(api.send("POST", FILTERS, "application/json", "{\"conditions\": {\"dest\": \"x\"}}"), 400);
        assertThat(onlyError(noReason).get("name").asString()).isEqualTo("reason");

        JsonNode emptyPattern = problem(api.send("POST", FILTERS, "application/json",
                "{\"conditions\": {\"dest\": \"\"}, \"reason\": \"r\"}"), 400);
        assertThat(onlyError(emptyPattern).get("name").asString()).startsWith("conditions");

        JsonNode badTime = problem(api.send("POST", FILTERS, "application/json",
                "{\"conditions\": {\"dest\": \"x\"}, \"reason\": \"r\", \"expiresAt\": \"next tuesday\"}"), 400);
        assertThat(onlyError(badTime).get("name").asString()).isEqualTo("expiresAt");
        assertThat(onlyError(badTime).get("value").asString()).isEqualTo("next tuesday");
        assertThat(badTime.get("detail").asString()).contains("ISO-8601");

        JsonNode unknown = problem(api.send("POST", FILTERS, "application/json",
                "{\"conditions\": {\"dest\": \"x\"}, \"reason\": \"r\", \"enabled\": false}"), 400);
        assertThat(onlyError(unknown).get("name").asString()).isEqualTo("enabled");
        assertThat(unknown.get("detail").asString()).contains("conditions").contains("reason").contains("expiresAt");
        assertThat(api.get(FILTERS).json().get("results")).isEmpty(); // nothing half-created
    }

    @Test
    void detectionsRefuseUnknownStatusesAndParameters() {
        assertThat(onlyError(problem(api.get("/api/v1/detections?status=paused"), 400)).get("name").asString())
                .isEqualTo("status");
        assertThat(onlyError(problem(api.get("/api/v1/detections?typ=TTP"), 400)).get("name").asString()).isEqualTo("typ");
        assertThat(problem(api.get("/api/v1/detections/nope"), 404).get("type").asString()).endsWith("/not-found");
    }

    @Test
    void everyRefusedParameterCarriesTheValueGiven() {
        String[][] cases = {
            {"/api/v1/findings?earliest=yesterday", "earliest", "yesterday"},
            {"/api/v1/findings?earliest=1772438400000", "earliest", "1772438400000"},
            {"/api/v1/risk/events?since=soon", "since", "soon"},
            {"/api/v1/findings?earliest=1772438400&latest=1772438300", "latest", "1772438300"},
            {"/api/v1/risk/events?after=nonsense", "after", "nonsense"},
            {"/api/v1/findings?after=nonsense", "after", "nonsense"},
            {"/api/v1/detections/" + SEED + "/results?dest=x&after=nonsense", "after", "nonsense"},
            {"/api/v1/detections?status=paused", "status", "paused"},
            {"/api/v1/findings?dst=WS-1", "dst", "WS-1"}};
        for (String[] bad : cases) {
            JsonNode error = onlyError(problem(api.get(bad[0]), 400));
            assertThat(error.get("name").asString()).as(bad[0]).isEqualTo(bad[1]);
            assertThat(error.get("value").asString()).as(bad[0]).isEqualTo(bad[2]);
            assertThat(error.get("reason").asString()).as(bad[0]).isNotBlank();
        }
    }

    @Test
    void aFilterTheDetectionCannotUseNamesTheFieldAndValue() {
        JsonNode unknownField = problem(api.send("POST", FILTERS, "application/json",
                "{\"conditions\": {\"hostname\": \"ADMIN-*\"}, \"reason\": \"r\"}"), 400);
        assertThat(unknownField.get("type").asString()).endsWith("/invalid-filter");
        assertThat(onlyError(unknownField).get("name").asString()).isEqualTo("conditions");
        assertThat(onlyError(unknownField).get("value").asString()).isEqualTo("hostname");

        JsonNode expired = problem(api.send("POST", FILTERS, "application/json",
                "{\"conditions\": {\"dest\": \"x\"}, \"reason\": \"r\", \"expiresAt\": \"2001-01-01T00:00:00Z\"}"), 400);
        assertThat(onlyError(expired).get("name").asString()).isEqualTo("expiresAt");
        assertThat(onlyError(expired).get("value").asString()).isEqualTo("2001-01-01T00:00:00Z");
    }

    @Test
    void theFrameworksOwnRefusalsHaveAStableTypeToo() {
        assertThat(problem(api.get("/api/v1/no-such-list"), 404).get("type").asString()).endsWith("/not-found");
        assertThat(problem(api.send("PUT", "/api/v1/findings", "application/json", "{}"), 405).get("type").asString())
                .endsWith("/method-not-allowed");
        assertThat(problem(api.post("/api/v1/detections", "application/json", "{}"), 415).get("type").asString())
                .endsWith("/unsupported-media-type");
        assertThat(problem(api.get("/api/v1/detections/" + SEED, "Accept", "text/csv"), 406).get("type").asString())
                .endsWith("/not-acceptable");
    }

    @Test
    void anEmptyBodyGetsOneAnswerWhateverItsType() {
        for (String type : new String[] {"application/json", "application/x-ndjson", "application/xml", "text/xml",
                "application/x-evtx", "application/octet-stream"}) {
            JsonNode problem = problem(api.post("/api/v1/events", type, new byte[0]), 400);
            assertThat(problem.get("type").asString()).as(type).endsWith("/empty-body");
        }
    }

    @Test
    void rejectedEventsAreExplainedInTermsOfTheEvent() {
        String deep = "{\"ScriptBlockText\": \"Enter-PSSession -ComputerName x\", \"a\": " + "[".repeat(40) + "]".repeat(40) + "}";
        String body = "{\"ScriptBlockText\": \"Enter-PSSession -ComputerName x\", \"_time\": 1772439295417}\n" + deep + "\n";
        JsonNode rejected = api.post("/api/v1/events", "application/x-ndjson", body.getBytes(StandardCharsets.UTF_8))
                .json().get("rejected");
        assertThat(rejected.get(0).get("reason").asString()).contains("epoch milliseconds").contains("1772439295.417");
        assertThat(rejected.get(1).get("reason").asString()).contains("more than the 32 allowed").doesNotContain("StreamReadConstraints");
    }

    @Test
    void refusedLoginsAreLoggedOnceWithoutTheKey(CapturedOutput output) {
        api.as("Bearer not-a-real-key-123").get("/api/v1/findings");
        api.as(null).get("/api/v1/findings");
        api.as("Bearer " + TestKeys.INGEST).get("/api/v1/findings");
        assertThat(output.getOut()).contains("Refused authentication of the unknown key sha256:")
                .contains("an API key that is not configured")
                .contains("Refused authentication of a client").contains("no credentials")
                .contains("Refused 'shipper-test'").doesNotContain("not-a-real-key-123");
        assertThat(output.getOut().lines().filter(line -> line.contains("Refused authentication") && line.contains("unknown key")))
                .hasSize(1);
    }
}
