package dev.escu.pssession.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.ServiceTest;

/** Prometheus metrics, build and commit info, request ids, and JSON logs switched on by a property. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "logging.structured.format.console=ecs")
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityTest extends ServiceTest {

    @Test
    void exposesIngestAndPoolMetricsForPrometheus() {
        String before = api.as(null).get("/actuator/prometheus").body();
        api.post("/api/v1/events", "application/xml", HttpApi.resource("samples/powershell-4104.xml"));
        api.post("/api/v1/events", "application/xml", HttpApi.resource("samples/powershell-4104.xml"));

        HttpApi.Response metrics = api.as(null).get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        String after = metrics.body();
        // the context (and its counters) is shared with the other tests of the class: compare the growth
        assertThat(growth(before, after, "pssession_events_total\\{.*format=\"xml\",outcome=\"received\".*}")).isEqualTo(8);
        assertThat(growth(before, after, "pssession_events_total\\{.*format=\"xml\",outcome=\"matched\".*}")).isEqualTo(4);
        assertThat(growth(before, after, "pssession_events_total\\{.*format=\"xml\",outcome=\"duplicate\".*}")).isEqualTo(2);
        assertThat(growth(before, after, "pssession_risk_events_raised_total\\{.*}")).isEqualTo(2);
        assertThat(after).contains("pssession_findings_updated_total")
                .contains("pssession_batch_events_bucket")
                .contains("pssession_batch_duration_seconds_bucket")
                .contains("hikaricp_connections_active");
    }

    /** How much the sample matching {@code pattern} grew between two scrapes (absent counts as 0). */
    private static double growth(String before, String after, String pattern) {
        return sample(after, pattern) - sample(before, pattern);
    }

    private static double sample(String scrape, String pattern) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + pattern + " ([0-9.eE+-]+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** Histograms of a few fixed buckets: a few dozen requests of every format leave a scrape of a few hundred lines. */
    @Test
    void theScrapeStaysSmallAfterRequestsOfEveryFormat() {
        for (int i = 0; i < 8; i++) {
            api.post("/api/v1/events", "application/xml", HttpApi.resource("samples/powershell-4104.xml"));
            api.post("/api/v1/events", "application/x-ndjson", HttpApi.resource("samples/powershell-4104.ndjson"));
            api.post("/api/v1/events", "application/json", HttpApi.resource("samples/powershell-4104.json"));
            api.post("/api/v1/events", "application/json", "{not json");
            api.get("/api/v1/findings?size=0");
            api.get("/api/v1/findings");
        }

        String scrape = api.as(null).get("/actuator/prometheus").body();

        long lines = scrape.lines().count();
        long ours = scrape.lines().filter(l -> l.startsWith("pssession_")).count();
        assertThat(lines).as("lines of /actuator/prometheus").isLessThan(600);
        assertThat(ours).as("lines of the service's own metrics").isLessThan(150);
    }

    /** The build writes META-INF/build-info.properties and git.properties (pom.xml); /actuator/info shows them. */
    @Test
    void infoShowsTheVersionBuildTimeAndCommit() {
        HttpApi.Response info = api.get("/actuator/info");

        assertThat(info.status()).isEqualTo(200);
        assertThat(info.json().path("build").path("version").asString("")).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(java.time.Instant.parse(info.json().path("build").path("time").asString(""))).isBefore(java.time.Instant.now());
        assertThat(info.json().path("git").path("commit").path("id").asString("")).matches("[0-9a-f]{7,40}");
        assertThat(info.json().path("git").path("commit").path("time").asString("")).isNotBlank();
    }

    @Test
    void givesEveryRequestAnIdAndLogsItInJson(CapturedOutput output) {
        HttpApi.Response generated = api.get("/api/v1/detections");
        assertThat(generated.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).hasSize(36));

        HttpApi.Response created = api.send("POST", "/api/v1/detections/a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af/filters",
                "application/json", "{\"conditions\": {\"dest\": \"LOGGED-*\"}, \"reason\": \"log test\"}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.headers().firstValue("X-Request-Id").orElseThrow();
        String line = output.getOut().lines().filter(l -> l.contains("Tuning filter") && l.contains("created by admin-test"))
                .findFirst().orElseThrow();
        assertThat(line).startsWith("{").endsWith("}").contains("\"request_id\":\"" + id + "\"");
    }
}
