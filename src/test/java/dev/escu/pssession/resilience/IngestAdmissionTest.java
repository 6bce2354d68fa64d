package dev.escu.pssession.resilience;

import static dev.escu.pssession.support.EventLines.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import io.micrometer.core.instrument.MeterRegistry;
import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.RawHttp;
import dev.escu.pssession.support.ServiceTest;
import dev.escu.pssession.support.TestKeys;

/**
 * More ingest requests than turns, over real HTTP: one turn here, held by a sender whose body is
 * still on its way. The next batch waits its turn and is stored once the first ends; one that waits
 * longer than the admission wait is answered 503 (busy, Retry-After) with nothing of it stored,
 * in HEC's words on the HEC paths; reads are never held up; a turn comes back however its request
 * ended.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pssession.ingest.concurrent-requests=1", "pssession.ingest.admission-wait=1500ms"})
class IngestAdmissionTest extends ServiceTest {

    private static final String NDJSON = "application/x-ndjson";

    @Autowired
    MeterRegistry meters;

    @Test
    void aBatchBeyondTheTurnsWaitsItsTurnAndIsStoredWhenTheFirstEnds() throws Exception {
        String first = events().matching("FIRST", "2026-03-02T08:00:00Z").ndjson();
        try (RawHttp holder = holdTheTurn(first)) {
            CompletableFuture<HttpApi.Response> second = CompletableFuture.supplyAsync(() -> api.as("Bearer " + TestKeys.INGEST)
                    .post("/api/v1/events", NDJSON, events().matching("SECOND", "2026-03-02T08:00:00Z").ndjson()));
            await(() -> gauge("pssession.ingest.waiting") == 1, "the second batch never waited for its turn");
            assertThat(second).isNotDone();

            holder.send(first.substring(first.length() / 2));
            assertThat(holder.response()).startsWith("HTTP/1.1 200");
            HttpApi.Response stored = second.get(10, TimeUnit.SECONDS);
            assertThat(stored.status()).isEqualTo(200);
            assertThat(stored.json().get("matched").asInt()).isEqualTo(1);
        }
        assertThat(dests()).containsExactlyInAnyOrder("FIRST", "SECOND");
    }

    @Test
    void aBatchThatWaitsLongerThanTheAdmissionWaitIsRefusedWholeAndReadsGoOn() throws Exception {
        String first = events().matching("HELD", "2026-03-02T08:00:00Z").ndjson();
        double busyBefore = busyCount();
        try (RawHttp holder = holdTheTurn(first)) {
            Instant asked = Instant.now();
            HttpApi.Response refused = api.as("Bearer " + TestKeys.INGEST).post("/api/v1/events", NDJSON,
                    events().matching("REFUSED", "2026-03-02T08:00:00Z").ndjson());
            assertThat(Duration.between(asked, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).contains("5");
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(refused.json().get("type").asString()).endsWith("/ingest-busy");
            assertThat(refused.json().get("detail").asString()).contains("Every ingest turn (1,", "waited 1500 ms", "nothing of it was stored");

            HttpApi.Response hec = api.as("Splunk " + TestKeys.INGEST).post("/services/collector/event", "application/json",
                    "{\"event\": {\"EventCode\": \"4104\", \"Computer\": \"HEC-REFUSED\", "
                            + "\"ScriptBlockText\": \"Enter-PSSession -ComputerName db1\", \"ScriptBlockId\": \"h\"}}");
            assertThat(hec.status()).isEqualTo(503);
            assertThat(hec.headers().firstValue("Retry-After")).contains("5");
            assertThat(hec.json().get("code").asInt()).isEqualTo(9);
            assertThat(hec.json().get("text").asString()).isEqualTo("Server is busy");

            assertThat(api.get("/api/v1/findings").status()).isEqualTo(200); // analysts' reads take no turn
            assertThat(busyCount() - busyBefore).isEqualTo(2);

            holder.send(first.substring(first.length() / 2));
            assertThat(holder.response()).startsWith("HTTP/1.1 200");
        }
        assertThat(dests()).containsExactly("HELD");
    }

    @Test
    void aTurnComesBackWhenItsRequestFailsOrItsSenderHangsUp() {
        HttpApi ingest = api.as("Bearer " + TestKeys.INGEST);
        assertThat(ingest.post("/api/v1/events", NDJSON, "").status()).isEqualTo(400); // an empty body
        assertThat(ingest.post("/api/v1/events", "text/csv", "a,b").status()).isEqualTo(415);
        String body = events().matching("HUNG-UP", "2026-03-02T08:00:00Z").ndjson();
        try (RawHttp holder = holdTheTurn(body)) {
            assertThat(holder).isNotNull(); // hangs up mid-body when closed
        }
        await(() -> gauge("pssession.ingest.in.progress") == 0, "the hung-up request kept its turn");
        HttpApi.Response after = ingest.post("/api/v1/events", NDJSON, events().matching("AFTER", "2026-03-02T08:00:00Z").ndjson());
        assertThat(after.status()).isEqualTo(200);
        assertThat(dests()).containsExactly("AFTER");
    }

    /** Sends the first half of {@code body} and waits until the service holds that request's turn. */
    private RawHttp holdTheTurn(String body) {
        RawHttp holder = new RawHttp(port, "/api/v1/events", NDJSON, body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                "Bearer " + TestKeys.INGEST);
        holder.send(body.substring(0, body.length() / 2));
        await(() -> gauge("pssession.ingest.in.progress") == 1, "the first batch never got its turn");
        return holder;
    }

    private java.util.List<String> dests() {
        return jdbc.queryForList("SELECT dest FROM finding ORDER BY dest", String.class).stream().distinct().toList();
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private double busyCount() {
        var counter = meters.find("pssession.ingest.busy").counter();
        return counter == null ? 0 : counter.count();
    }

    private static void await(BooleanSupplier condition, String failure) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(failure);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
