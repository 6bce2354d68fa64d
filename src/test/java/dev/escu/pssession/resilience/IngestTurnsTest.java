package dev.escu.pssession.resilience;

import static dev.escu.pssession.support.EventLines.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import io.micrometer.core.instrument.MeterRegistry;
import dev.escu.pssession.ingest.EventFormats;
import dev.escu.pssession.ingest.EventIntake;
import dev.escu.pssession.ingest.IngestDefaults;
import dev.escu.pssession.ingest.IngestReport;
import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.RawHttp;
import dev.escu.pssession.support.ServiceTest;
import dev.escu.pssession.support.TestKeys;

/**
 * More batches with matches than turns at the database, over real HTTP: one turn here, held by a
 * sender whose first match is staged and whose body is still on its way. The next batch with a match
 * waits its turn and is stored once the first ends; one that waits longer than the admission wait is
 * answered 503 (busy, Retry-After) with nothing of it stored, in HEC's words on the HEC paths, and a
 * multipart upload with it; HEC's health says its queues are full while a batch waits per turn; a batch without matches, analysts' reads, the Kafka intake and the
 * split-block timer take no turn; a turn comes back however its batch ended.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pssession.ingest.concurrent-batches=1", "pssession.ingest.admission-wait=1500ms", "pssession.ingest.stage-chunk=1"})
class IngestTurnsTest extends ServiceTest {

    private static final String NDJSON = "application/x-ndjson";

    @Autowired
    MeterRegistry meters;

    @Autowired
    EventIntake intake;

    @Autowired
    EventFormats formats;

    @Test
    void aBatchBeyondTheTurnsWaitsItsTurnAndIsStoredWhenTheFirstEnds() throws Exception {
        try (Holder holder = holdTheTurn("FIRST")) {
            CompletableFuture<HttpApi.Response> second = CompletableFuture.supplyAsync(() -> api.as("Bearer " + TestKeys.INGEST)
                    .post("/api/v1/events", NDJSON, events().matching("SECOND", "2026-03-02T08:00:00Z").ndjson()));
            await(() -> gauge("pssession.ingest.waiting") == 1, "the second batch never waited for its turn");
            assertThat(second).isNotDone();
            // one batch waits per turn: HEC's health says its queues are full, as Splunk's does
            HttpApi.Response full = api.as(null).get("/services/collector/health");
            assertThat(full.status()).isEqualTo(503);
            assertThat(full.json().get("code").asInt()).isEqualTo(18);

            assertThat(holder.finish()).startsWith("HTTP/1.1 200");
            HttpApi.Response stored = second.get(10, TimeUnit.SECONDS);
            assertThat(stored.status()).isEqualTo(200);
            assertThat(stored.json().get("matched").asInt()).isEqualTo(1);
        }
        HttpApi.Response healthy = api.as(null).get("/services/collector/health");
        assertThat(healthy.status()).isEqualTo(200);
        assertThat(healthy.json().get("code").asInt()).isEqualTo(17);
        assertThat(dests()).containsExactly("FIRST", "FIRST-REST", "SECOND");
    }

    @Test
    void aBatchThatWaitsLongerThanTheAdmissionWaitIsRefusedWholeWhileOthersGoOn() throws Exception {
        double busyBefore = busyCount();
        try (Holder holder = holdTheTurn("HELD")) {
            Instant asked = Instant.now();
            HttpApi.Response refused = api.as("Bearer " + TestKeys.INGEST).post("/api/v1/events", NDJSON,
                    events().matching("REFUSED", "2026-03-02T08:00:00Z").ndjson());
            assertThat(Duration.between(asked, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).contains("5");
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(refused.json().get("type").asString()).endsWith("/ingest-busy");
            assertThat(refused.json().get("detail").asString()).contains("(1, pssession.ingest.concurrent-batches)",
                    "waited 1500 ms", "nothing of this batch was stored");

            HttpApi.Response hec = api.as("Splunk " + TestKeys.INGEST).post("/services/collector/event", "application/json",
                    "{\"event\": {\"EventCode\": \"4104\", \"Computer\": \"HEC-REFUSED\", "
                            + "\"ScriptBlockText\": \"Enter-PSSession -ComputerName db1\", \"ScriptBlockId\": \"h\"}}");
            assertThat(hec.status()).isEqualTo(503);
            assertThat(hec.headers().firstValue("Retry-After")).contains("5");
            assertThat(hec.json().get("code").asInt()).isEqualTo(9);
            assertThat(hec.json().get("text").asString()).isEqualTo("Server is busy");
            assertThat(busyCount() - busyBefore).isEqualTo(2);

            // nothing to write, so no turn to wait for; and reads never take one
            HttpApi.Response quiet = api.as("Bearer " + TestKeys.INGEST).post("/api/v1/events", NDJSON,
                    events().add("QUIET", "2026-03-02T08:00:00Z", "Get-Process", "77").ndjson());
            assertThat(quiet.status()).isEqualTo(200);
            assertThat(quiet.json().get("accepted").asInt()).isEqualTo(1);
            assertThat(quiet.json().get("matched").asInt()).isZero();
            assertThat(api.get("/api/v1/findings").status()).isEqualTo(200);

            assertThat(holder.finish()).startsWith("HTTP/1.1 200");
        }
        assertThat(dests()).containsExactly("HELD", "HELD-REST");
    }

    @Test
    void aMultipartUploadWhoseFileFindsNoTurnIsAnswered503WholeAndSendingItAgainCountsTheFirstFileOnce() throws Exception {
        String boundary = "----turns";
        String first = events().matching("UPLOAD-1", "2026-03-02T08:00:00Z").ndjson();
        String second = events().matching("UPLOAD-2", "2026-03-02T08:00:00Z").ndjson();
        String upload = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.ndjson\"\r\n\r\n" + first
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"b.ndjson\"\r\n\r\n"
                + second + "\r\n--" + boundary + "--\r\n";
        HttpApi uploader = api.as("Bearer " + TestKeys.INGEST);
        try (Holder holder = holdTheTurn("HELD")) {
            HttpApi.Response refused = uploader.post("/api/v1/events", "multipart/form-data; boundary=" + boundary, upload);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).contains("5");
            assertThat(refused.json().get("type").asString()).endsWith("/ingest-busy");
            assertThat(holder.finish()).startsWith("HTTP/1.1 200");
        }
        HttpApi.Response again = uploader.post("/api/v1/events", "multipart/form-data; boundary=" + boundary, upload);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("files").size()).isEqualTo(2);
        assertThat(jdbc.queryForList("SELECT dest || ' ' || count FROM finding WHERE dest LIKE 'UPLOAD-%' ORDER BY dest",
                String.class)).containsExactly("UPLOAD-1 1", "UPLOAD-2 1");
    }

    @Test
    void theKafkaIntakeAndTheSplitBlockTimerTakeNoTurn() throws Exception {
        try (Holder holder = holdTheTurn("HELD")) {
            // were they to wait for the only turn, each would be refused after the admission wait
            byte[] event = events().matching("FROM-KAFKA", "2026-03-02T08:00:00Z").ndjson().getBytes(StandardCharsets.UTF_8);
            IngestReport report = intake.ingest(formats.ndjson(), new ByteArrayInputStream(event), IngestDefaults.NONE,
                    Integer.MAX_VALUE);
            assertThat(report.matched()).isEqualTo(1);
            assertThat(intake.judgeWaitingBlocks()).isZero();
            assertThat(holder.finish()).startsWith("HTTP/1.1 200");
        }
        assertThat(dests()).containsExactly("FROM-KAFKA", "HELD", "HELD-REST");
    }

    @Test
    void aTurnComesBackWhenItsSenderHangsUp() {
        try (Holder holder = holdTheTurn("HUNG-UP")) {
            assertThat(gauge("pssession.ingest.storing")).isEqualTo(1); // closing it hangs up mid-body
        }
        await(() -> gauge("pssession.ingest.storing") == 0, "the hung-up batch kept its turn");
        HttpApi.Response after = api.as("Bearer " + TestKeys.INGEST).post("/api/v1/events", NDJSON,
                events().matching("AFTER", "2026-03-02T08:00:00Z").ndjson());
        assertThat(after.status()).isEqualTo(200);
        assertThat(dests()).containsExactly("AFTER");
    }

    /** A sender that has sent its first matching event and holds the only turn until it sends the rest. */
    private final class Holder implements AutoCloseable {

        private final RawHttp http;
        private final String rest;

        Holder(String dest) {
            String first = events().matching(dest, "2026-03-02T08:00:00Z").ndjson();
            rest = events().matching(dest + "-REST", "2026-03-02T08:00:01Z").ndjson();
            http = new RawHttp(port, "/api/v1/events", NDJSON, (first + rest).getBytes(StandardCharsets.UTF_8).length,
                    "Bearer " + TestKeys.INGEST);
            http.send(first);
        }

        /** Sends the rest of the body and reads the answer. */
        String finish() {
            return http.send(rest).response();
        }

        @Override
        public void close() {
            http.close();
        }
    }

    private Holder holdTheTurn(String dest) {
        Holder holder = new Holder(dest);
        await(() -> gauge("pssession.ingest.storing") == 1, "the first batch never took its turn");
        return holder;
    }

    private List<String> dests() {
        return jdbc.queryForList("SELECT dest FROM finding ORDER BY dest", String.class);
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
