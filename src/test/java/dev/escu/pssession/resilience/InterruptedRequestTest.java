package dev.escu.pssession.resilience;

import static dev.escu.pssession.support.EventLines.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import dev.escu.pssession.support.EventLines;
import dev.escu.pssession.support.ServiceTest;
import dev.escu.pssession.support.RawHttp;
import dev.escu.pssession.support.TestKeys;

/** A client that hangs up mid-body: the batch's transaction has begun, and is rolled back whole. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "pssession.ingest.stage-chunk=5")
class InterruptedRequestTest extends ServiceTest {

    @Test
    void storesNothingOfABodyCutOffInTheMiddle() throws Exception {
        EventLines lines = events();
        for (int i = 0; i < 40; i++) {
            lines.matching("CUT-" + i, "2026-03-02T08:00:00Z");
        }
        try (RawHttp request = new RawHttp(port, "/api/v1/events", "application/x-ndjson", 10_000_000,
                "Bearer " + TestKeys.INGEST)) {
            request.send(lines.ndjson());
            // 40 matches in chunks of 5: the service has staged some inside its open transaction
            awaitOpenTransaction();
        }
        awaitNoOpenTransaction();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM matched_event", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM finding", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM risk_event", Long.class)).isZero();
    }

    private void awaitOpenTransaction() throws InterruptedException {
        await(() -> openTransactions() > 0, "the service never began its transaction");
    }

    private void awaitNoOpenTransaction() throws InterruptedException {
        await(() -> openTransactions() == 0, "the service never ended its transaction");
    }

    private long openTransactions() {
        return jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()", Long.class);
    }

    private static void await(java.util.function.BooleanSupplier condition, String failure) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(failure);
            }
            Thread.sleep(50);
        }
    }
}
