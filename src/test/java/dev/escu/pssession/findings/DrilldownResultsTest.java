package dev.escu.pssession.findings;

import static dev.escu.pssession.support.EventLines.events;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.escu.pssession.support.EventLines;
import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.ServiceTest;
import tools.jackson.databind.JsonNode;

/** Drilldown 1 and the findings list, over real HTTP and PostgreSQL. */
class DrilldownResultsTest extends ServiceTest {

    private static final String RESULTS = "/api/v1/detections/a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af/results";

    @BeforeEach
    void fiveEventsOfOneGroup() {
        api.post("/api/v1/events", "application/x-ndjson", events()
                .matching("SRV-01", "2026-03-02T08:00:00.900Z")
                .matching("SRV-01", "2026-03-02T09:00:00Z")
                .matching("SRV-01", "2026-03-02T10:00:00.500Z")
                .matching("SRV-01", "2026-03-02T11:00:00Z")
                .matching("SRV-01", "2026-03-02T12:00:00Z")
                .matching("OTHER", "2026-03-02T10:30:00Z").ndjson());
    }

    @Test
    void recomputesCountAndTimesOverTheSubRangeOnly() {
        // 09:00 inclusive .. 11:00 exclusive, as epoch seconds ($info_min_time$/$info_max_time$)
        JsonNode rows = api.get(RESULTS + "?dest=SRV-01&earliest=1772442000&latest=1772449200").json().get("results");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("count").asInt()).isEqualTo(2);
        assertThat(rows.get(0).get("firstTime").asString()).isEqualTo("2026-03-02T09:00:00");
        assertThat(rows.get(0).get("lastTime").asString()).isEqualTo("2026-03-02T10:00:00");
    }

    @Test
    void acceptsIsoTimesAndOpenEnds() {
        JsonNode iso = api.get(RESULTS + "?dest=SRV-01&earliest=2026-03-02T10:00:00Z&latest=2026-03-02T12:00:00.000001Z")
                .json().get("results");
        assertThat(iso.get(0).get("count").asInt()).isEqualTo(3);
        JsonNode all = api.get(RESULTS + "?dest=SRV-01").json().get("results");
        assertThat(all.get(0).get("count").asInt()).isEqualTo(5);
        assertThat(all.get(0).get("firstTime").asString()).isEqualTo("2026-03-02T08:00:00");
        assertThat(all.get(0).get("lastTime").asString()).isEqualTo("2026-03-02T12:00:00");
    }

    @Test
    void takesInfinityAsTheLatestOfAnAllTimeSearch() {
        // Splunk's $info_max_time$ is +Infinity when the search ran over all time
        for (String latest : new String[] {"%2BInfinity", "+Infinity", "Infinity"}) {
            JsonNode rows = api.get(RESULTS + "?dest=SRV-01&earliest=1772442000.000&latest=" + latest).json().get("results");
            assertThat(rows).as(latest).hasSize(1);
            assertThat(rows.get(0).get("count").asInt()).as(latest).isEqualTo(4);
            assertThat(rows.get(0).get("firstTime").asString()).isEqualTo("2026-03-02T09:00:00");
        }
        assertThat(api.get(RESULTS + "?dest=SRV-01&earliest=0.000&latest=%2BInfinity").json().get("results").get(0)
                .get("count").asInt()).isEqualTo(5);
    }

    @Test
    void allTimeAnswersFromTheFindingsWhatTheRecomputationOverEverythingGives() {
        api.post("/api/v1/events", "application/x-ndjson", events()
                .add("srv-01", "2026-03-03T13:00:00Z", "Enter-PSSession -ComputerName B", "r1")
                .add("SRV-01", "2026-03-01T14:00:00Z", "Enter-PSSession -ComputerName C", "r2")
                .add("SRV-01", "2026-03-04T14:00:00Z", "Enter-PSSession -ComputerName C", "r3").ndjson());
        JsonNode allTime = api.get(RESULTS + "?dest=Srv-01").json();
        JsonNode everything = api.get(RESULTS + "?dest=Srv-01&earliest=0&latest=253402300799").json();
        assertThat(allTime.get("total").asInt()).isEqualTo(3);
        assertThat(allTime.get("results")).isEqualTo(everything.get("results"));
        assertThat(allTime.get("results")).extracting(r -> r.get("dest").asString() + " " + r.get("count").asInt())
                .containsExactly("SRV-01 2", "srv-01 1", "SRV-01 5");
    }

    @Test
    void comparesDestIgnoringCaseButShowsItAsStored() {
        JsonNode rows = api.get(RESULTS + "?dest=srv-01").json().get("results");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("dest").asString()).isEqualTo("SRV-01");
    }

    @Test
    void pagesRowsNewestFirstAndCountsThemAll() {
        api.post("/api/v1/events", "application/x-ndjson", events()
                .add("SRV-01", "2026-03-02T13:00:00Z", "Enter-PSSession -ComputerName B", "p1")
                .add("SRV-01", "2026-03-02T14:00:00Z", "Enter-PSSession -ComputerName C", "p2").ndjson());
        JsonNode first = api.get(RESULTS + "?dest=SRV-01&size=2").json();
        assertThat(first.get("total").asInt()).isEqualTo(3);
        assertThat(first.get("results")).extracting(r -> r.get("lastTime").asString())
                .containsExactly("2026-03-02T14:00:00", "2026-03-02T13:00:00");
        JsonNode second = api.get(RESULTS + "?dest=SRV-01&size=2&page=1").json();
        assertThat(second.get("results")).singleElement().satisfies(r -> assertThat(r.get("count").asInt()).isEqualTo(5));
        JsonNode past = api.get(RESULTS + "?dest=SRV-01&size=2&page=5").json();
        assertThat(past.get("results")).isEmpty();
        assertThat(past.get("total").asInt()).isEqualTo(3);

        // with a tuning rule in force the rows are filtered before the page is cut
        api.send("POST", "/api/v1/detections/a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af/filters", "application/json",
                "{\"conditions\": {\"ScriptBlockText\": \"*-ComputerName C\"}, \"reason\": \"test\"}");
        JsonNode filtered = api.get(RESULTS + "?dest=SRV-01&size=1&page=1").json();
        assertThat(filtered.get("total").asInt()).isEqualTo(2);
        assertThat(filtered.get("results")).singleElement().satisfies(r -> assertThat(r.get("count").asInt()).isEqualTo(5));
    }

    @Test
    void returnsNoRowsOutsideTheRange() {
        assertThat(api.get(RESULTS + "?dest=SRV-01&earliest=1772460000").json().get("results")).isEmpty();
    }

    @Test
    void refusesABadTimeOrRangeWithAProblem() {
        HttpApi.Response bad = api.get(RESULTS + "?dest=SRV-01&earliest=tomorrow");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(bad.json().get("type").asString()).endsWith("/invalid-parameter");
        assertThat(api.get(RESULTS + "?dest=SRV-01&earliest=1772449200&latest=1772442000").status()).isEqualTo(400);
        assertThat(api.get(RESULTS).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/detections/nope/results?dest=x").status()).isEqualTo(404);
    }

    @Test
    void listsFindingsFilteredByDestAndActivityRangeWithPaging() {
        JsonNode page = api.get("/api/v1/findings?dest=srv-01").json();
        assertThat(page.get("total").asInt()).isEqualTo(1);
        assertThat(page.get("results").get(0).get("count").asInt()).isEqualTo(5);
        // OTHER was active only at 10:30
        assertThat(api.get("/api/v1/findings?earliest=2026-03-02T10:45:00Z").json().get("total").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/findings?latest=2026-03-02T09:00:00Z").json().get("total").asInt()).isEqualTo(1);
        JsonNode first = api.get("/api/v1/findings?size=1&page=0").json();
        assertThat(first.get("totalPages").asInt()).isEqualTo(2);
        assertThat(first.get("totalExact").asBoolean()).isTrue();
        assertThat(first.get("results").get(0).get("dest").asString()).isEqualTo("SRV-01"); // newest activity first
        assertThat(api.get("/api/v1/findings?size=0").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/findings?size=5000").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/findings?detection=unknown").status()).isEqualTo(404);
    }

    @Test
    void laterRequestsAddToTheCountAndMoveFirstAndLastTimeBothWays() {
        // stats count min(_time) max(_time) over everything received, whatever order it came in
        api.post("/api/v1/events", "application/x-ndjson", events().matching("SRV-01", "2026-03-02T07:00:00.250Z").ndjson());
        api.post("/api/v1/events", "application/x-ndjson", events().matching("SRV-01", "2026-03-02T13:00:00Z").ndjson());
        api.post("/api/v1/events", "application/x-ndjson", events().matching("SRV-01", "2026-03-02T09:30:00Z").ndjson());
        JsonNode row = api.get("/api/v1/findings?dest=SRV-01").json().get("results").get(0);
        assertThat(row.get("count").asInt()).isEqualTo(8);
        assertThat(row.get("firstTime").asString()).isEqualTo("2026-03-02T07:00:00");
        assertThat(row.get("lastTime").asString()).isEqualTo("2026-03-02T13:00:00");
    }

    @Test
    void countsADestsRowsExactlyUpTo10000() {
        EventLines many = events();
        for (int i = 0; i <= 10_000; i++) {
            many.add("BUSY-01", "2026-03-02T08:00:00Z", "Enter-PSSession -ComputerName host" + i, "busy" + i);
        }
        api.post("/api/v1/events", "application/x-ndjson", many.ndjson());

        JsonNode allTime = api.get(RESULTS + "?dest=busy-01&size=1").json();
        assertThat(allTime.get("total").asInt()).isEqualTo(10_000);
        assertThat(allTime.get("totalExact").asBoolean()).isFalse();
        JsonNode range = api.get(RESULTS + "?dest=busy-01&size=1&earliest=1772438400&latest=1772524800").json();
        assertThat(range.get("total").asInt()).isEqualTo(10_000);
        assertThat(range.get("totalExact").asBoolean()).isFalse();
        JsonNode small = api.get(RESULTS + "?dest=SRV-01").json();
        assertThat(small.get("total").asInt()).isEqualTo(1);
        assertThat(small.get("totalExact").asBoolean()).isTrue();
    }
}
