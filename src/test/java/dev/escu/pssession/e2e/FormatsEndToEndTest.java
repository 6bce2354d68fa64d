package dev.escu.pssession.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.ServiceTest;
import tools.jackson.databind.JsonNode;

/**
 * The same four events, captured as each sender would post them (src/test/resources/formats), give
 * identical findings over real HTTP into a real PostgreSQL: raw XML, Splunk-named NDJSON, HEC
 * envelopes with XML strings or Winlogbeat objects, HEC raw, Winlogbeat and Elastic Agent NDJSON.
 * And HEC's all-or-nothing answer for a body with an invalid envelope.
 */
class FormatsEndToEndTest extends ServiceTest {

    private static final String SUCCESS = "{\"text\":\"Success\",\"code\":0}";

    private record Post(String path, String contentType, String resource) {
    }

    @Test
    void theReportHasApiMdsFieldsAndNamesEachRejectedEventByItsZeroBasedPosition() {
        String good = "{\"_time\": \"2026-03-02T08:00:00Z\", \"EventCode\": \"4104\", \"dest\": \"%s\", "
                + "\"ScriptBlockText\": \"Enter-PSSession -ComputerName SQL01\"}";
        String array = "[" + good.formatted("IDX-A") + ", {\"foo\": \"bar\"}, 42, " + good.formatted("IDX-B") + "]";
        JsonNode report = api.post("/api/v1/events", "application/json", array).json();
        java.util.List<String> names = new java.util.ArrayList<>();
        report.propertyNames().forEach(names::add);
        assertThat(names).containsExactlyInAnyOrder("received", "accepted", "rejected", "matched", "duplicates", "filtered",
                "findingsUpdated", "riskEventsCreated");
        assertThat(report.get("received").asInt()).isEqualTo(4);
        assertThat(report.get("accepted").asInt()).isEqualTo(2);
        assertThat(report.get("rejected")).extracting(r -> r.get("index").asInt()).containsExactly(1, 2);
        assertThat(report.get("rejected")).allSatisfy(r -> assertThat(r.get("reason").asString()).isNotBlank());
        assertThat(report.get("matched").asInt()).isEqualTo(2);

        // NDJSON: blank lines are no events; XML: a malformed event between two good ones
        String ndjson = "\n" + good.formatted("IDX-C") + "\n\n{broken\n" + good.formatted("IDX-D") + "\n";
        JsonNode lines = api.post("/api/v1/events", "application/x-ndjson", ndjson).json();
        assertThat(lines.get("received").asInt()).isEqualTo(3);
        assertThat(lines.get("rejected")).extracting(r -> r.get("index").asInt()).containsExactly(1);
        String[] xml = new String(HttpApi.resource("samples/powershell-4104.xml"), StandardCharsets.UTF_8).split("\n");
        JsonNode events = api.post("/api/v1/events", "application/xml",
                xml[0] + "\n<Event><System><EventID>4104</Event>\n" + xml[1]).json();
        assertThat(events.get("received").asInt()).isEqualTo(3);
        assertThat(events.get("rejected")).extracting(r -> r.get("index").asInt()).containsExactly(1);
    }

    @Test
    void everyFormatGivesTheFindingsOfTheXml() {
        Map<String, Post> posts = new LinkedHashMap<>();
        posts.put("XML", new Post("/api/v1/events", "application/xml", "samples/powershell-4104.xml"));
        posts.put("NDJSON", new Post("/api/v1/events", "application/x-ndjson", "samples/powershell-4104.ndjson"));
        posts.put("HEC event, XML strings", new Post("/services/collector/event", "application/json", "formats/hec-event.json"));
        posts.put("HEC event, Winlogbeat objects", new Post("/services/collector", null, "formats/hec-event-winlogbeat.json"));
        posts.put("HEC raw", new Post("/services/collector/raw", "text/plain", "formats/hec-raw.xml"));
        posts.put("Winlogbeat", new Post("/api/v1/events", "application/x-ndjson", "formats/winlogbeat.ndjson"));
        posts.put("Elastic Agent", new Post("/api/v1/events", "application/x-ndjson", "formats/elastic-agent.ndjson"));
        posts.put("NXLog", new Post("/api/v1/events", "application/x-ndjson", "formats/nxlog.ndjson"));

        Map<String, String> findings = new LinkedHashMap<>();
        posts.forEach((name, post) -> {
            jdbc.execute("TRUNCATE risk_event, matched_event, finding RESTART IDENTITY CASCADE");
            HttpApi.Response answer = api.post(post.path(), post.contentType(), HttpApi.resource(post.resource()));
            assertThat(answer.status()).as(name + ": " + answer.body()).isEqualTo(200);
            if (post.path().startsWith("/services/collector")) {
                assertThat(answer.body()).as(name).isEqualTo(SUCCESS);
                assertThat(answer.headers().firstValue("X-Ingest-Report")).as(name)
                        .hasValue("received=4; accepted=4; rejected=0; matched=2; duplicates=0");
            } else {
                assertThat(answer.json().get("accepted").asInt()).as(name).isEqualTo(4);
                assertThat(answer.json().get("matched").asInt()).as(name).isEqualTo(2);
            }
            findings.put(name, api.get("/api/v1/findings").json().get("results").toString());
        });

        JsonNode xml = api.get("/api/v1/findings").json();
        assertThat(xml.get("total").asInt()).isEqualTo(2);
        String expected = findings.get("XML");
        assertThat(expected).contains("\"Opcode\":\"15\"", "\"firstTime\":\"2026-03-02T08:14:55\"",
                "\"dest\":\"BUILD-AGENT-4\"", "\"Path\":\"D:\\\\agent\\\\scripts\\\\connect-all.ps1\"");
        findings.forEach((name, rows) -> assertThat(rows).as(name).isEqualTo(expected));
    }

    @Test
    void anInvalidEnvelopeAnywhereStoresNothingOfTheRequest() {
        String valid = new String(HttpApi.resource("formats/hec-event.json"), StandardCharsets.UTF_8);

        HttpApi.Response answer = api.post("/services/collector/event", "application/json",
                valid + "{\"host\":\"WS-1\",\"time\":1772440000}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("{\"text\":\"Event field is required\",\"code\":12,\"invalid-event-number\":4}");
        assertThat(api.get("/api/v1/findings").json().get("total").asInt()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM matched_event", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM risk_event", Long.class)).isZero();

        HttpApi.Response retried = api.post("/services/collector/event", "application/json", valid);
        assertThat(retried.body()).isEqualTo(SUCCESS);
        assertThat(api.get("/api/v1/findings").json().get("total").asInt()).isEqualTo(2);
    }

    @Test
    void eventsThatAreNoWindowsEventsAreSkippedAndTheRestStored() {
        String valid = new String(HttpApi.resource("formats/hec-event.json"), StandardCharsets.UTF_8);

        HttpApi.Response answer = api.post("/services/collector/event", "application/json",
                "{\"event\":\"GET /index.html 200\"}" + valid + "{\"event\":\"<Event><System>\"}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(SUCCESS);
        assertThat(answer.headers().firstValue("X-Ingest-Report"))
                .hasValue("received=6; accepted=4; rejected=2; matched=2; duplicates=0");
        assertThat(api.get("/api/v1/findings").json().get("total").asInt()).isEqualTo(2);
    }

    @Test
    void resendingTheSameHecBodyChangesNoCount() {
        byte[] body = HttpApi.resource("formats/hec-event.json");
        api.post("/services/collector/event", "application/json", body);
        String before = api.get("/api/v1/findings").json().get("results").toString();

        HttpApi.Response again = api.post("/services/collector/event", "application/json", HttpApi.gzip(body),
                "Content-Encoding", "gzip");

        assertThat(again.body()).isEqualTo(SUCCESS);
        assertThat(again.headers().firstValue("X-Ingest-Report")).hasValue(
                "received=4; accepted=4; rejected=0; matched=2; duplicates=2");
        assertThat(api.get("/api/v1/findings").json().get("results").toString()).isEqualTo(before);
    }

    @Test
    void hostStandsInForAMissingDestAndIndexedFieldsFillInBelowTheEvent() {
        String body = """
                {"time": 1772450000, "host": "WS-9", "fields": {"Path": "C:\\\\ops\\\\jump.ps1"},
                 "event": {"EventCode": "4104", "ScriptBlockText": "Enter-PSSession -ComputerName db1", "ScriptBlockId": "a"}}
                {"time": 1772450001, "host": "WS-9", "fields": {"Path": "C:\\\\ops\\\\ignored.ps1"},
                 "event": {"EventCode": "4104", "Computer": "SRV-2", "Path": "C:\\\\own.ps1",
                           "ScriptBlockText": "Enter-PSSession -ComputerName db2", "ScriptBlockId": "b"}}
                {"time": 1772450002, "host": "WS-9", "fields": {"dest": "SRV-3"},
                 "event": {"EventCode": "4104", "ScriptBlockText": "Enter-PSSession -ComputerName db3", "ScriptBlockId": "c"}}
                """;

        HttpApi.Response answer = api.post("/services/collector/event", "application/json", body);

        assertThat(answer.body()).isEqualTo(SUCCESS);
        JsonNode rows = api.get("/api/v1/findings").json().get("results");
        Map<String, String> pathByDest = new LinkedHashMap<>();
        rows.forEach(row -> pathByDest.put(row.get("dest").asString(), row.get("Path").asString()));
        // event's own fields, then the envelope's metadata and indexed fields, then host as dest
        assertThat(pathByDest).containsOnly(Map.entry("WS-9", "C:\\ops\\jump.ps1"),
                Map.entry("SRV-2", "C:\\own.ps1"), Map.entry("SRV-3", "0"));
    }

    @Test
    void aBodySentAsAFormIsStillTheBody() {
        // curl -d, as in Splunk's own HEC examples, sends application/x-www-form-urlencoded
        HttpApi.Response answer = api.post("/services/collector/event?host=WS-5", "application/x-www-form-urlencoded",
                HttpApi.resource("formats/hec-event.json"));
        HttpApi.Response invalid = api.post("/services/collector/event", "application/x-www-form-urlencoded",
                "{\"event\":\"x\"}{\"time\":\"abc\",\"event\":\"y\"}");

        assertThat(answer.body()).isEqualTo(SUCCESS);
        assertThat(api.get("/api/v1/findings").json().get("total").asInt()).isEqualTo(2);
        assertThat(invalid.body()).isEqualTo("{\"text\":\"Invalid data format\",\"code\":6,\"invalid-event-number\":1}");
    }

    @Test
    void aCharsetJavaCannotDecodeIsNamedIn415() {
        HttpApi.Response answer = api.post("/api/v1/events", "application/xml; charset=foo",
                HttpApi.resource("samples/powershell-4104.xml"));

        assertThat(answer.status()).isEqualTo(415);
        String detail = answer.json().get("detail").asString();
        assertThat(detail).startsWith("Content-Type 'application/xml; charset=foo' cannot be read").contains("foo")
                .doesNotContain("null");
    }

    @Test
    void healthAnswersCode17WithTheDatabaseUp() {
        HttpApi.Response health = api.get("/services/collector/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"text\":\"HEC is healthy\",\"code\":17}");
    }
}
