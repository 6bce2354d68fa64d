package dev.escu.pssession.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.escu.pssession.support.EventLines;
import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.ServiceInstance;
import dev.escu.pssession.support.TestDatabase;

/**
 * Two service instances on one PostgreSQL, ingesting overlapping batches at the same time (some
 * batches twice), end with exactly what one sequential run of the same events gives: findings with
 * their counts and times, matched events, and risk events.
 */
class TwoInstancesConcurrencyTest {

    private static ServiceInstance first;
    private static ServiceInstance second;

    @BeforeAll
    static void startTwoInstances() {
        first = ServiceInstance.start("pssession.ingest.stage-chunk=7");
        second = ServiceInstance.start("pssession.ingest.stage-chunk=7");
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
    }

    @Test
    void overlappingConcurrentBatchesCountLikeOneSequentialRun() throws Exception {
        List<String> events = corpus();
        List<String> batches = overlappingBatches(events, new Random(42));

        TestDatabase.emptyTables();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<HttpApi.Response>> answers = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            HttpApi api = (i % 2 == 0 ? first : second).api();
            String body = batches.get(i);
            answers.add(pool.submit(() -> api.post("/api/v1/events", "application/x-ndjson", body)));
        }
        for (Future<HttpApi.Response> answer : answers) {
            HttpApi.Response response = answer.get(120, TimeUnit.SECONDS);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
        }
        pool.shutdown();
        Snapshot concurrent = Snapshot.take();

        TestDatabase.emptyTables();
        assertThat(first.api().post("/api/v1/events", "application/x-ndjson", String.join("", events)).status()).isEqualTo(200);
        Snapshot sequential = Snapshot.take();

        assertThat(sequential.matchedEvents()).isEqualTo(events.size());
        assertThat(concurrent).isEqualTo(sequential);
    }

    /** 300 matching events: 15 hosts x 20 events, 20 minutes apart, so each host spans 7 one-hour windows. */
    private static List<String> corpus() {
        List<String> events = new ArrayList<>();
        Instant start = Instant.parse("2026-03-02T08:05:00Z");
        for (int host = 0; host < 15; host++) {
            for (int k = 0; k < 20; k++) {
                String time = start.plusSeconds(k * 1200L + host).toString();
                events.add(EventLines.events().matching("HOST-" + host, time).ndjson());
            }
        }
        return events;
    }

    /** 16 batches of random halves of the corpus, shuffled, plus every event once more and two batches sent twice. */
    private static List<String> overlappingBatches(List<String> events, Random random) {
        List<String> batches = new ArrayList<>();
        for (int b = 0; b < 16; b++) {
            List<String> picked = new ArrayList<>();
            for (String event : events) {
                if (random.nextBoolean()) {
                    picked.add(event);
                }
            }
            Collections.shuffle(picked, random);
            batches.add(String.join("", picked));
        }
        List<String> all = new ArrayList<>(events);
        Collections.shuffle(all, random);
        batches.add(String.join("", all));
        batches.add(batches.get(3));
        batches.add(batches.get(9));
        Collections.shuffle(batches, random);
        return batches;
    }

    private record Snapshot(List<String> findings, long matchedEvents, List<String> riskEvents) {

        static Snapshot take() throws Exception {
            TestDatabase.Connection db = TestDatabase.get();
            try (Connection c = DriverManager.getConnection(db.url(), db.username(), db.password())) {
                return new Snapshot(
                        rows(c, "SELECT dest || ' ' || count || ' ' || first_time || ' ' || last_time FROM finding ORDER BY 1"),
                        Long.parseLong(rows(c, "SELECT count(*) FROM matched_event").get(0)),
                        rows(c, "SELECT f.dest || ' ' || r.window_start || ' ' || r.event_time FROM risk_event r "
                                + "JOIN finding f ON f.id = r.finding_id ORDER BY 1"));
            }
        }

        private static List<String> rows(Connection c, String sql) throws Exception {
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        }
    }
}
