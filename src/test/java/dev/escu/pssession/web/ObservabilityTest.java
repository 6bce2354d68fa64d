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
        api.post("/api/v1/events", "application/xml", HttpApi.resource("samples/powershell-4104.xml"));
        api.post("/api/v1/events", "application/xml", HttpApi.resource("samples/powershell-4104.xml"));

        HttpApi.Response metrics = api.as(null).get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body())
                .containsPattern("pssession_events_total\\{.*format=\"xml\",outcome=\"received\".*} 8\\.0")
                .containsPattern("pssession_events_total\\{.*format=\"xml\",outcome=\"matched\".*} 4\\.0")
                .containsPattern("pssession_events_total\\{.*format=\"xml\",outcome=\"duplicate\".*} 2\\.0")
                .containsPattern("pssession_findings_updated_total\\{.*} 2\\.0")
                .containsPattern("pssession_risk_events_raised_total\\{.*} 2\\.0")
                .contains("pssession_batch_events_bucket")
                .contains("pssession_batch_duration_seconds_bucket")
                .contains("hikaricp_connections_active");
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
