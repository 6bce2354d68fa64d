package dev.escu.pssession.risk;

import static dev.escu.pssession.support.EventLines.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.escu.pssession.support.ServiceTest;
import tools.jackson.databind.JsonNode;

/** The risk feed: a consumer that keeps its cursor never misses or repeats an event. */
class RiskFeedTest extends ServiceTest {

    @Autowired
    DataSource dataSource;

    @Test
    void pagesThroughEventsWithTheCursor() {
        api.post("/api/v1/events", "application/x-ndjson", events().matching("A", "2026-03-02T08:00:00Z")
                .matching("B", "2026-03-02T08:00:00Z").matching("C", "2026-03-02T08:00:00Z").ndjson());
        JsonNode first = api.get("/api/v1/risk/events?limit=2").json();
        assertThat(first.get("results")).hasSize(2);
        JsonNode second = api.get("/api/v1/risk/events?limit=2&after=" + first.get("next").asString()).json();
        assertThat(second.get("results")).hasSize(1);
        JsonNode third = api.get("/api/v1/risk/events?limit=2&after=" + second.get("next").asString()).json();
        assertThat(third.get("results")).isEmpty();
        assertThat(third.get("next").asString()).isEqualTo(second.get("next").asString());
        assertThat(api.get("/api/v1/risk/events?object=b").json().get("results")).singleElement()
                .satisfies(e -> assertThat(e.get("risk_object").asString()).isEqualTo("B"));
        assertThat(api.get("/api/v1/risk/events?since=2026-03-02T08:00:01Z").json().get("results")).isEmpty();
    }

    @Test
    void holdsBackRowsOfARunningTransactionSoALateCommitIsNotSkipped() throws Exception {
        api.post("/api/v1/events", "application/x-ndjson", events().matching("SEED", "2026-03-02T08:00:00Z").ndjson());
        long findingId = jdbc.queryForObject("SELECT id FROM finding LIMIT 1", Long.class);
        String cursor = api.get("/api/v1/risk/events").json().get("next").asString();

        try (Connection slow = dataSource.getConnection()) {
            slow.setAutoCommit(false);
            insertRiskEvent(slow, findingId, "2026-03-02T09:00:00Z"); // takes the smaller id, commits last
            // a second writer commits a row with a larger id while the first is still open
            try (Connection fast = dataSource.getConnection()) {
                fast.setAutoCommit(false);
                insertRiskEvent(fast, findingId, "2026-03-02T10:00:00Z");
                fast.commit();
            }
            JsonNode during = api.get("/api/v1/risk/events?after=" + cursor).json();
            assertThat(during.get("results")).as("nothing is handed out past a running transaction").isEmpty();
            slow.commit();
        }
        JsonNode after = api.get("/api/v1/risk/events?after=" + cursor).json().get("results");
        assertThat(after).extracting(e -> e.get("_time").asString())
                .containsExactly("2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z");
    }

    @Test
    void aPollerDuringConcurrentIngestionSeesEveryRiskEventExactlyOnce() throws Exception {
        int writers = 4;
        int batchesPerWriter = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> seen = new ArrayList<>();
        Future<?> poller = pool.submit(() -> {
            String cursor = "";
            boolean lastRound = false;
            while (true) {
                boolean wasWriting = writing.get();
                JsonNode page = api.get("/api/v1/risk/events?limit=5&after=" + cursor).json();
                page.get("results").forEach(e -> seen.add(e.get("cursor").asString()));
                cursor = page.get("next").asString();
                if (page.get("results").isEmpty() && !wasWriting) {
                    if (lastRound) {
                        return null;
                    }
                    lastRound = true;
                }
            }
        });
        List<Future<?>> posts = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            posts.add(pool.submit(() -> {
                for (int b = 0; b < batchesPerWriter; b++) {
                    var batch = events();
                    for (int e = 0; e < 5; e++) {
                        batch.matching("W" + writer + "-B" + b + "-E" + e, "2026-03-02T08:00:00Z");
                    }
                    assertThat(api.post("/api/v1/events", "application/x-ndjson", batch.ndjson()).status()).isEqualTo(200);
                }
                return null;
            }));
        }
        for (Future<?> post : posts) {
            post.get(60, TimeUnit.SECONDS);
        }
        writing.set(false);
        poller.get(60, TimeUnit.SECONDS);
        pool.shutdown();

        int total = writers * batchesPerWriter * 5;
        assertThat(jdbc.queryForObject("SELECT count(*) FROM risk_event", Integer.class)).isEqualTo(total);
        assertThat(seen).hasSize(total);
        Set<String> distinct = new HashSet<>(seen);
        assertThat(distinct).hasSize(total);
    }

    private static void insertRiskEvent(Connection connection, long findingId, String time) throws Exception {
        try (PreparedStatement ps = connection.prepareStatement("""
                WITH template AS (
                    INSERT INTO risk_template (detection_id, search_name, risk_object_type, risk_score, analyticstories, annotations)
                    VALUES ('a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af', 's', 'system', 50, '{}', '{}') RETURNING id)
                INSERT INTO risk_event (detection_id, template_id, finding_id, window_start, event_time, risk_object_field, risk_object,
                    normalized_risk_object, risk_message)
                SELECT 'a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af', id, ?, ?::timestamptz, ?::timestamptz, 'dest', 'SEED', 'seed', 'm'
                FROM template""")) {
            ps.setLong(1, findingId);
            ps.setString(2, time);
            ps.setString(3, time);
            ps.executeUpdate();
        }
    }
}
