package dev.escu.pssession.findings;

import static dev.escu.pssession.support.EventLines.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.escu.pssession.support.EventLines;
import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.ServiceTest;
import tools.jackson.databind.JsonNode;

/**
 * Every paged list yields each row exactly once, in its stated order, at any page size, by page
 * number and by cursor: more than 10,000 findings on a real PostgreSQL, with many findings sharing
 * their last time, so only a total order (time, then a unique tiebreaker) pages correctly.
 */
class PagingTest extends ServiceTest {

    private static final String DETECTION = "a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af";
    private static final int FINDINGS = 10_500;
    private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");

    @BeforeEach
    void manyFindingsWithSharedTimes() {
        EventLines batch = events();
        for (int i = 0; i < FINDINGS; i++) {
            // 100 distinct seconds: about 105 findings share each last time
            String time = START.plusSeconds(i % 100).toString();
            batch.add("HOST-" + (i % 3), time, "Enter-PSSession -ComputerName srv" + i, "rec-" + i);
        }
        HttpApi.Response report = api.post("/api/v1/events", "application/x-ndjson", batch.ndjson());
        assertThat(report.json().get("findingsUpdated").asInt()).isEqualTo(FINDINGS);
    }

    @Test
    void findingsByPageNumberComeEachOnceNewestFirstAtEverySize() {
        List<Long> expected = jdbc.queryForList("SELECT id FROM finding ORDER BY last_time DESC, id DESC", Long.class);
        for (int size : new int[] {1000, 777, 250}) {
            List<Long> seen = new ArrayList<>();
            for (int page = 0; ; page++) {
                JsonNode body = api.get("/api/v1/findings?size=" + size + "&page=" + page).json();
                if (page == 0) {
                    assertThat(body.get("total").asInt()).isEqualTo(10_000);
                    assertThat(body.get("totalExact").asBoolean()).isFalse();
                }
                if (body.get("results").isEmpty()) {
                    break;
                }
                body.get("results").forEach(row -> seen.add(row.get("finding_id").asLong()));
            }
            assertThat(seen).as("size %d", size).hasSize(FINDINGS).doesNotHaveDuplicates().isEqualTo(expected);
        }
    }

    @Test
    void findingsByCursorComeEachOnceInTheSameOrder() {
        List<Long> expected = jdbc.queryForList("SELECT id FROM finding ORDER BY last_time DESC, id DESC", Long.class);
        List<Long> seen = new ArrayList<>();
        String path = "/api/v1/findings?size=1000";
        while (true) {
            JsonNode body = api.get(path).json();
            body.get("results").forEach(row -> seen.add(row.get("finding_id").asLong()));
            if (body.get("next").isNull()) {
                break;
            }
            path = "/api/v1/findings?size=1000&after=" + body.get("next").asString();
        }
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void aFindingUpdatedNowMovesToTheTopOfTheList() {
        long oldest = jdbc.queryForObject("SELECT id FROM finding ORDER BY last_time, id LIMIT 1", Long.class);
        String script = jdbc.queryForObject("SELECT group_values[13] FROM finding WHERE id = ?", String.class, oldest);
        String dest = jdbc.queryForObject("SELECT dest FROM finding WHERE id = ?", String.class, oldest);
        api.post("/api/v1/events", "application/x-ndjson",
                events().add(dest, "2026-11-30T00:00:00Z", script, "later-record").ndjson());

        JsonNode first = api.get("/api/v1/findings?size=1").json().get("results").get(0);
        assertThat(first.get("finding_id").asLong()).isEqualTo(oldest);
        assertThat(first.get("count").asInt()).isEqualTo(2);
    }

    @Test
    void drilldownOneOfOneDestPagesEachGroupOnceByNumberAndByCursor() {
        String results = "/api/v1/detections/" + DETECTION + "/results?dest=host-1&size=1000";
        for (String range : new String[] {"", "&earliest=1772438400&latest=1772442000"}) {
            Set<String> byPage = new HashSet<>();
            List<String> inOrder = new ArrayList<>();
            for (int page = 0; ; page++) {
                JsonNode rows = api.get(results + range + "&page=" + page).json().get("results");
                if (rows.isEmpty()) {
                    break;
                }
                rows.forEach(row -> {
                    byPage.add(row.get("ScriptBlockText").asString());
                    inOrder.add(row.get("ScriptBlockText").asString());
                });
            }
            assertThat(byPage).as(range).hasSize(FINDINGS / 3);
            assertThat(inOrder).as(range).hasSize(FINDINGS / 3);

            List<String> byCursor = new ArrayList<>();
            String path = results + range;
            while (true) {
                JsonNode body = api.get(path).json();
                assertThat(body.get("total").asInt()).isEqualTo(FINDINGS / 3);
                body.get("results").forEach(row -> byCursor.add(row.get("ScriptBlockText").asString()));
                if (body.get("next").isNull()) {
                    break;
                }
                path = results + range + "&after=" + body.get("next").asString();
            }
            assertThat(byCursor).as(range).isEqualTo(inOrder);
        }
    }

    @Test
    void aPageNumberPastWhatOffsetPagingServesIsABadParameter() {
        HttpApi.Response deep = api.get("/api/v1/findings?page=50000000");
        assertThat(deep.status()).isEqualTo(400);
        assertThat(deep.json().get("type").asString()).endsWith("/invalid-parameter");
        assertThat(deep.json().get("detail").asString()).contains("after");
        assertThat(api.get("/api/v1/detections/" + DETECTION + "/results?dest=x&page=2147483647&size=10000").status())
                .isEqualTo(400);
        assertThat(api.get("/api/v1/findings?after=garbage").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/findings?after=1-2&page=3").status()).isEqualTo(400);
    }
}
