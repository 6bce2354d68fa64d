package dev.escu.pssession.resilience;

import static dev.escu.pssession.support.EventLines.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.StoppablePostgres;
import dev.escu.pssession.support.TestKeys;

/**
 * A real PostgreSQL stopped and started under the running service: 503 with Retry-After while it
 * is away, nothing half-written, and recovery without a restart once it is back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.hikari.connection-timeout=1500")
@DirtiesContext
class DatabaseOutageTest {

    private static final StoppablePostgres postgres = new StoppablePostgres("outage-pg");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        postgres.register(registry);
        TestKeys.register(registry);
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void answers503WhileTheDatabaseIsAwayAndRecoversWhenItReturns() throws Exception {
        HttpApi api = new HttpApi(port);
        String before = events().matching("BEFORE", "2026-03-02T08:00:00Z").ndjson();
        assertThat(api.post("/api/v1/events", "application/x-ndjson", before).status()).isEqualTo(200);

        postgres.stop();

        HttpApi.Response during = api.post("/api/v1/events", "application/x-ndjson",
                events().matching("DURING", "2026-03-02T08:00:00Z").ndjson());
        assertThat(during.status()).isEqualTo(503);
        assertThat(during.headers().firstValue("Retry-After")).contains("5");
        assertThat(during.json().get("type").asString()).endsWith("/database-unavailable");
        assertThat(api.get("/api/v1/findings").status()).isEqualTo(503);
        assertThat(api.as(null).get("/actuator/health/readiness").status()).isEqualTo(503);
        assertThat(api.as(null).get("/actuator/health/liveness").status()).isEqualTo(200);

        postgres.start();

        HttpApi.Response after = awaitOk(() -> api.post("/api/v1/events", "application/x-ndjson",
                events().matching("AFTER", "2026-03-02T08:00:00Z").ndjson()));
        assertThat(after.json().get("findingsUpdated").asInt()).isEqualTo(1);
        var dests = api.get("/api/v1/findings").json().get("results").valueStream()
                .map(row -> row.get("dest").asString()).toList();
        assertThat(dests).containsExactlyInAnyOrder("BEFORE", "AFTER");
        assertThat(api.as(null).get("/actuator/health/readiness").status()).isEqualTo(200);
    }

    private static HttpApi.Response awaitOk(java.util.function.Supplier<HttpApi.Response> call) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        HttpApi.Response last = null;
        while (Instant.now().isBefore(deadline)) {
            last = call.get();
            if (last.status() == 200) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("service did not recover: " + (last == null ? "no answer" : last.status() + " " + last.body()));
    }
}
