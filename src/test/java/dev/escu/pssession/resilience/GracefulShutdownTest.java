package dev.escu.pssession.resilience;

import static dev.escu.pssession.support.EventLines.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.escu.pssession.support.RawHttp;
import dev.escu.pssession.support.ServiceInstance;
import dev.escu.pssession.support.TestDatabase;
import dev.escu.pssession.support.TestKeys;

/** Shutting down while a batch is being received: the batch finishes and is stored (server.shutdown=graceful). */
class GracefulShutdownTest {

    @Test
    void finishesTheBatchInFlightBeforeStopping() throws Exception {
        String first = events().matching("SHUTDOWN-1", "2026-03-02T08:00:00Z").ndjson();
        String second = events().matching("SHUTDOWN-2", "2026-03-02T08:00:00Z").ndjson();
        int length = (first + second).getBytes(StandardCharsets.UTF_8).length;
        ServiceInstance service = ServiceInstance.start();
        TestDatabase.emptyTables();
        try (RawHttp request = new RawHttp(service.port(), "/api/v1/events", "application/x-ndjson", length,
                "Bearer " + TestKeys.INGEST)) {
            request.send(first);
            Thread.sleep(300);
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(service::close);
            Thread.sleep(700);
            assertThat(stopping).as("shutdown waits for the request in flight").isNotDone();
            request.send(second);
            String response = request.response();
            assertThat(response).startsWith("HTTP/1.1 200");
            assertThat(response).contains("\"findingsUpdated\":2");
            stopping.get(40, TimeUnit.SECONDS);
        }
        TestDatabase.Connection db = TestDatabase.get();
        try (Connection connection = DriverManager.getConnection(db.url(), db.username(), db.password());
             ResultSet rs = connection.createStatement()
                     .executeQuery("SELECT count(*) FROM finding WHERE dest IN ('SHUTDOWN-1', 'SHUTDOWN-2')")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(2);
        }
    }
}
