package dev.escu.pssession.resilience;

import static dev.escu.pssession.support.EventLines.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.RawHttp;
import dev.escu.pssession.support.ServiceTest;
import dev.escu.pssession.support.TestKeys;

/**
 * A pool of two connections (Flyway needs two at startup), held by two batches whose bodies are still
 * on their way: a read that cannot get a
 * connection in time is told the database is busy (it answers; its connections are all in use), not
 * that it cannot be reached, with Retry-After; once the batch ends, reads are answered again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.hikari.maximum-pool-size=2", "spring.datasource.hikari.connection-timeout=250",
        "pssession.ingest.stage-chunk=1"})
class PoolExhaustedTest extends ServiceTest {

    @Test
    void aReadThatFindsEveryConnectionInUseIsAnswered503DatabaseBusy() {
        HttpApi.Response busy;
        try (RawHttp first = holdAConnection("HOLDER-1"); RawHttp second = holdAConnection("HOLDER-2")) {
            busy = firstAnswerOtherThan200();
            for (RawHttp holder : new RawHttp[] {first, second}) {
                holder.send(events().matching(holder == first ? "HOLDER-1B" : "HOLDER-2B", "2026-03-02T08:00:01Z").ndjson());
                assertThat(holder.response()).startsWith("HTTP/1.1 200");
            }
        }
        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.headers().firstValue("Retry-After")).contains("5");
        assertThat(busy.json().get("type").asString()).endsWith("/database-busy");
        assertThat(busy.json().get("detail").asString()).contains("Every database connection stayed in use");
        HttpApi.Response after = api.get("/api/v1/findings");
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.json().get("results").size()).isEqualTo(4);
    }

    /**
     * A batch whose first event is sent and whose second is still to come: its one match is staged at
     * once, so its transaction holds a connection until the rest arrives.
     */
    private RawHttp holdAConnection(String dest) {
        String first = events().matching(dest, "2026-03-02T08:00:00Z").ndjson();
        String second = events().matching(dest + "B", "2026-03-02T08:00:01Z").ndjson();
        RawHttp holder = new RawHttp(port, "/api/v1/events", "application/x-ndjson",
                (first + second).getBytes(StandardCharsets.UTF_8).length, "Bearer " + TestKeys.INGEST);
        holder.send(first);
        return holder;
    }

    private HttpApi.Response firstAnswerOtherThan200() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        HttpApi.Response answer;
        do {
            answer = api.get("/api/v1/findings");
        } while (answer.status() == 200 && Instant.now().isBefore(deadline));
        return answer;
    }
}
