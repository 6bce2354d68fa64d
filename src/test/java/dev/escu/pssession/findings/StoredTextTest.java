package dev.escu.pssession.findings;

import static dev.escu.pssession.support.EventLines.events;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.escu.pssession.support.ServiceTest;
import tools.jackson.databind.JsonNode;

/**
 * Text reaches PostgreSQL through COPY's text format, which has escapes of its own: every value
 * must come back exactly as it was sent, whatever characters it holds.
 */
class StoredTextTest extends ServiceTest {

    private static final String AWKWARD = "Enter-PSSession -ComputerName a\\b\\\\c\td\ne\r\nf \\N \\. \"q\" 'q' {x,y} é 漢 😀 \u0001 end";

    @Test
    void groupValuesAndFieldsComeBackAsSent() {
        String body = events()
                .add("SRV-\\N\t1", "2026-03-02T08:00:00.123456Z", AWKWARD, "t1")
                .with("Path", "C:\\temp\\x.ps1")
                .with("Keywords", "\\x00ff\ttab")
                .ndjson();
        JsonNode report = api.post("/api/v1/events", "application/x-ndjson", body).json();
        assertThat(report.get("findingsUpdated").asInt()).isEqualTo(1);

        JsonNode finding = api.get("/api/v1/findings").json().get("results").get(0);
        assertThat(finding.get("ScriptBlockText").asString()).isEqualTo(AWKWARD);
        assertThat(finding.get("dest").asString()).isEqualTo("SRV-\\N\t1");
        assertThat(finding.get("Path").asString()).isEqualTo("C:\\temp\\x.ps1");
        assertThat(jdbc.queryForObject("SELECT fields->>'Keywords' FROM matched_event", String.class))
                .isEqualTo("\\x00ff\ttab");
        assertThat(jdbc.queryForObject("SELECT to_char(event_time AT TIME ZONE 'UTC', 'HH24:MI:SS.US') FROM matched_event",
                String.class)).isEqualTo("08:00:00.123456");
    }

    @Test
    void aNulCharacterCannotHideAnEventOrSinkItsBatch() {
        // PostgreSQL text cannot hold U+0000: it is kept as U+FFFD, and the event is still detected and stored
        String body = events()
                .add("SRV-1", "2026-03-02T08:00:00Z", "Enter-PSSession -ComputerName x\u0000y", "n1")
                .matching("SRV-2", "2026-03-02T08:00:01Z")
                .ndjson();
        JsonNode report = api.post("/api/v1/events", "application/x-ndjson", body).json();
        assertThat(report.get("accepted").asInt()).isEqualTo(2);
        assertThat(report.get("matched").asInt()).isEqualTo(2);
        assertThat(report.get("findingsUpdated").asInt()).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM matched_event", Integer.class)).isEqualTo(2);
        JsonNode rows = api.get("/api/v1/findings?dest=SRV-1").json().get("results");
        assertThat(rows.get(0).get("ScriptBlockText").asString()).isEqualTo("Enter-PSSession -ComputerName x\uFFFDy");
    }

    @Test
    void halfASurrogatePairIsKeptAsTheReplacementCharacterNotMergedWithAQuestionMark() {
        // JSON can escape half a pair, which UTF-8 cannot hold; the encoder made it "?", one group with "x?y"
        String line = "{\"dest\": \"SRV-1\", \"EventCode\": \"4104\", \"_time\": \"2026-03-02T08:00:0%dZ\", "
                + "\"ScriptBlockText\": \"Enter-PSSession -ComputerName %s\"}\n";
        String body = line.formatted(1, "x\\ud83dy") + line.formatted(2, "x?y");
        JsonNode report = api.post("/api/v1/events", "application/x-ndjson", body).json();
        assertThat(report.get("matched").asInt()).isEqualTo(2);
        assertThat(report.get("findingsUpdated").asInt()).isEqualTo(2);
        assertThat(api.get("/api/v1/findings?dest=SRV-1").json().get("results").findValuesAsString("ScriptBlockText"))
                .containsExactlyInAnyOrder("Enter-PSSession -ComputerName x\uFFFDy", "Enter-PSSession -ComputerName x?y");
    }
}
