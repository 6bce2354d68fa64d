package dev.escu.pssession.risk;

import static dev.escu.pssession.risk.RiskEventsTest.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import dev.escu.pssession.support.ServiceTest;
import dev.escu.pssession.support.WindowsXml;
import tools.jackson.databind.JsonNode;

/**
 * ESCU detections with two risk objects and a threat object (src/test/resources/content-risk), over HTTP:
 * one risk event per risk object field of the row with its own type and score, the message filled from the
 * row, drilldown 2 merging both detections, the feed a page at a time, and drilldown 1 of detections whose
 * BY list has no dest or another order, filtered on every field their drilldown names.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pssession.detection.escu-content=src/test/resources/content-risk")
class RiskObjectsEndToEndTest extends ServiceTest {

    private static final String BY_COMPUTER = "00000000-test-4000-8000-00000000a001";
    private static final String USER_FIRST = "00000000-test-4000-8000-00000000a002";
    private static final String TEXT = "Register-ScheduledTask -TaskName Updater -Action $a";
    private static final String USER = "S-1-5-21-7";

    // the same block by one user on HOST-1, Host-1 (another group: Splunk groups case-sensitively) and
    // HOST-2, and on HOST-1 by no user (fillnull: "0") within the same second; one older than 168 hours
    private static final String BATCH = WindowsXml.events()
            .add(1, "HOST-1", USER, "2026-03-02T08:10:00.0000000Z", TEXT, "")
            .add(2, "HOST-1", "", "2026-03-02T08:10:00.5000000Z", TEXT, "")
            .add(3, "HOST-2", USER, "2026-03-02T08:30:00.0000000Z", TEXT, "")
            .add(4, "Host-1", USER, "2026-03-02T09:15:00.0000000Z", TEXT, "")
            .add(5, "HOST-1", USER, "2026-02-20T09:15:00.0000000Z", TEXT, "")
            .xml();

    @BeforeEach
    void postTheBatch() {
        clock.set(Instant.parse("2026-03-03T00:00:00Z"));
        JsonNode report = api.post("/api/v1/events", "application/xml", BATCH).json();
        assertThat(report.get("accepted").asInt()).isEqualTo(5);
    }

    @Test
    void raisesOneRiskEventPerRiskObjectWithItsTypeScoreMessageAndThreats() {
        JsonNode events = api.get("/api/v1/risk/events?limit=1000").json().get("results");
        List<JsonNode> host1 = matching(events, BY_COMPUTER, "2026-03-02T08:10:00Z");
        assertThat(host1).extracting(e -> e.get("risk_object_type").asString() + " " + e.get("risk_object").asString() + " "
                + e.get("risk_score").asInt()).containsExactlyInAnyOrder("system HOST-1 40", "user S-1-5-21-7 25");
        assertThat(host1).allSatisfy(e -> {
            // a token for a field the row lacks ($user$) stays as written
            assertThat(e.get("risk_message").asString())
                    .isEqualTo("Scheduled task cmdlets ran on HOST-1 by S-1-5-21-7 (host HOST-1) as $user$");
            assertThat(strings(e.get("threat_object"))).containsExactly(TEXT);
            assertThat(strings(e.get("threat_object_type"))).containsExactly("signature");
        });
        // fillnull's "0" is a value: the row's user_id is a risk object too
        List<JsonNode> noUser = matching(events, BY_COMPUTER, "2026-03-02T08:10:00.500Z").stream()
                .filter(e -> e.get("risk_object").asString().equals("0")).toList();
        assertThat(noUser).hasSize(1);
        assertThat(noUser.get(0).get("risk_object_type").asString()).isEqualTo("user");
        assertThat(noUser.get(0).get("risk_message").asString())
                .isEqualTo("Scheduled task cmdlets ran on HOST-1 by 0 (host HOST-1) as $user$");

        List<JsonNode> userFirst = matching(events, USER_FIRST, "2026-03-02T08:10:00Z");
        assertThat(userFirst).extracting(e -> e.get("risk_object_type").asString() + " " + e.get("risk_object").asString() + " "
                + e.get("risk_score").asInt()).containsExactlyInAnyOrder("system HOST-1 60", "user S-1-5-21-7 35");
        assertThat(userFirst).allSatisfy(e -> assertThat(e.get("risk_message").asString())
                .isEqualTo("A scheduled task was named by S-1-5-21-7 on HOST-1"));
        // 4 rows of 4 groups x 2 risk objects x 2 detections (the one of 20 Feb is in a window of its own)
        assertThat(events).hasSize(20);
    }

    @Test
    void drilldown2MergesBothDetectionsOfAnObjectOverTheLast168Hours() {
        JsonNode rows = api.get("/api/v1/risk/summary?object=host-1&object=s-1-5-21-7").json().get("results");
        assertThat(rows).extracting(r -> r.get("normalized_risk_object").asString()).containsExactly("host-1", "s-1-5-21-7");
        JsonNode host = rows.get(0);
        assertThat(host.get("count").asInt()).isEqualTo(6);
        assertThat(host.get("firstTime").asString()).isEqualTo("2026-03-02T08:10:00");
        assertThat(host.get("lastTime").asString()).isEqualTo("2026-03-02T09:15:00");
        assertThat(strings(host.get("Search Name"))).containsExactly("ESCU - Scheduled Task Cmdlets By Computer (test) - Rule",
                "ESCU - Task Scheduler User First (test) - Rule");
        assertThat(strings(host.get("Risk Message"))).containsExactly(
                "A scheduled task was named by 0 on HOST-1",
                "A scheduled task was named by S-1-5-21-7 on HOST-1",
                "A scheduled task was named by S-1-5-21-7 on Host-1",
                "Scheduled task cmdlets ran on HOST-1 by 0 (host HOST-1) as $user$",
                "Scheduled task cmdlets ran on HOST-1 by S-1-5-21-7 (host HOST-1) as $user$",
                "Scheduled task cmdlets ran on Host-1 by S-1-5-21-7 (host Host-1) as $user$");
        assertThat(strings(host.get("Analytic Stories"))).containsExactly("Scheduled Tasks", "Windows Persistence Techniques");
        assertThat(strings(host.get("Annotations"))).containsExactly("Anomaly", "Scheduled Tasks", "T1053", "T1053.005", "TTP",
                "Windows Persistence Techniques", "execution", "persistence");
        assertThat(strings(host.get("ATT&CK Tactics"))).containsExactly("execution", "persistence");
        JsonNode user = rows.get(1);
        assertThat(user.get("count").asInt()).isEqualTo(6);
        assertThat(user.get("firstTime").asString()).isEqualTo("2026-03-02T08:10:00");

        JsonNode longer = api.get("/api/v1/risk/summary?object=HOST-1&hours=1000").json().get("results");
        assertThat(longer.get(0).get("count").asInt()).isEqualTo(8);
    }

    @Test
    void theFeedAPageAtATimeHandsOutEveryRiskEventOnce() {
        List<JsonNode> all = new ArrayList<>();
        api.get("/api/v1/risk/events?limit=1000").json().get("results").forEach(all::add);
        List<String> polled = new ArrayList<>();
        String after = "";
        for (int i = 0; i < 100; i++) {
            JsonNode page = api.get("/api/v1/risk/events?limit=3&after=" + after).json();
            page.get("results").forEach(e -> polled.add(e.toString()));
            if (page.get("results").isEmpty()) {
                break;
            }
            after = page.get("next").asString();
        }
        assertThat(polled).containsExactlyElementsOf(all.stream().map(JsonNode::toString).toList());
        Set<String> keys = new HashSet<>();
        all.forEach(e -> keys.add(e.get("finding_id").asLong() + " " + e.get("_time").asString() + " "
                + e.get("risk_object_type").asString()));
        assertThat(keys).hasSize(all.size());
        // one object's feed: both risk objects of a finding are separate events
        JsonNode user = api.get("/api/v1/risk/events?object=" + USER.toLowerCase() + "&limit=1000").json().get("results");
        assertThat(user).hasSize(8).allSatisfy(e -> assertThat(e.get("risk_object").asString()).isEqualTo(USER));
    }

    @Test
    void drilldown1OfAFindingFiltersOnEveryFieldItsDrilldownNames() {
        JsonNode finding = finding(BY_COMPUTER, "Computer", "HOST-1", USER);
        JsonNode results = api.get(href(finding, "View the detection results for HOST-1 and " + USER)).json().get("results");
        // Splunk: search Computer = "HOST-1" user_id = "S-1-5-21-7" over the finding's own second: not the row of user "0"
        assertThat(results).hasSize(1);
        assertThat(results.get(0).get("user_id").asString()).isEqualTo(USER);
        assertThat(results.get(0).get("Computer").asString()).isEqualTo("HOST-1");

        JsonNode second = finding(USER_FIRST, "dest", "HOST-1", USER);
        JsonNode secondResults = api.get(href(second, "View the detection results for - \"HOST-1\" and \"" + USER + "\""))
                .json().get("results");
        assertThat(secondResults).hasSize(1);
        assertThat(secondResults.get(0).get("user_id").asString()).isEqualTo(USER);
    }

    @Test
    void drilldown2OfAFindingAsksAboutEveryObjectItsDrilldownNames() {
        JsonNode finding = finding(BY_COMPUTER, "Computer", "HOST-1", USER);
        JsonNode rows = api.get(href(finding, "View risk events for the last 7 days for HOST-1 and " + USER)).json()
                .get("results");
        assertThat(rows).extracting(r -> r.get("normalized_risk_object").asString()).containsExactly("host-1", "s-1-5-21-7");
    }

    @Test
    void drilldown1ByDestOfADetectionWhoseDestIsNotFirst() {
        JsonNode rows = api.get("/api/v1/detections/" + USER_FIRST + "/results?dest=host-1&earliest=1772438400&latest="
                + URLEncoder.encode("2026-03-03T00:00:00Z", StandardCharsets.UTF_8)).json().get("results");
        // HOST-1 by S-1-5-21-7, HOST-1 by "0", Host-1 by S-1-5-21-7: dest compared case-insensitively
        assertThat(rows).hasSize(3).allSatisfy(r -> assertThat(r.get("dest").asString()).isEqualToIgnoringCase("host-1"));
        assertThat(api.get("/api/v1/detections/" + BY_COMPUTER + "/results?dest=HOST-1").status()).isEqualTo(400);
    }

    @Test
    void drilldown2ShowsWhatEachRiskEventRecordedWhenItsDetectionChangesVersion() throws Exception {
        assertThat(api.post("/api/v1/detections", "application/yaml", posted(1)).status()).isEqualTo(201);
        api.post("/api/v1/events", "application/xml", WindowsXml.events()
                .add(10, "HOST-9", USER, "2026-03-02T10:00:00.0000000Z", "Get-Clipboard -Raw", "").xml());
        assertThat(api.post("/api/v1/detections", "application/yaml", posted(2)).status()).isEqualTo(201);
        api.post("/api/v1/events", "application/xml", WindowsXml.events()
                .add(11, "HOST-9", USER, "2026-03-02T11:00:00.0000000Z", "Get-Clipboard -Raw", "").xml());

        JsonNode feed = api.get("/api/v1/risk/events?object=host-9").json().get("results");
        assertThat(feed).extracting(e -> strings(e.get("analyticstories")).toString())
                .containsExactly("[Posted Story One]", "[Posted Story Two]");
        // Splunk's risk index keeps each risk event as it was raised: drilldown 2 reads those, not the current version
        JsonNode row = api.get("/api/v1/risk/summary?object=HOST-9").json().get("results").get(0);
        assertThat(row.get("count").asInt()).isEqualTo(2);
        assertThat(strings(row.get("Analytic Stories"))).containsExactly("Posted Story One", "Posted Story Two");
        assertThat(strings(row.get("ATT&CK Tactics"))).containsExactly("collection", "discovery");
        assertThat(strings(row.get("Annotations"))).containsExactly("Hunting", "Posted Story One", "Posted Story Two",
                "T1115", "collection", "discovery");
    }

    private static String posted(int version) throws java.io.IOException {
        return java.nio.file.Files.readString(java.nio.file.Path.of(
                "src/test/resources/content-risk/posted/clipboard_read_posted_v" + version + ".yml"));
    }

    private JsonNode finding(String detection, String hostField, String host, String user) {
        for (JsonNode row : api.get("/api/v1/findings?size=1000&detection=" + detection).json().get("results")) {
            if (row.get(hostField).asString().equals(host) && row.get("user_id").asString().equals(user)) {
                return row;
            }
        }
        throw new AssertionError("no finding of " + detection + " for " + host + " and " + user);
    }

    private static String href(JsonNode finding, String name) {
        for (JsonNode link : finding.get("drilldowns")) {
            if (link.get("name").asString().equals(name)) {
                return link.get("href").asString();
            }
        }
        throw new AssertionError("no drilldown named " + name + " in " + finding.get("drilldowns"));
    }

    /** A detection's risk events stamped at {@code time}: those of one finding and window here. */
    private static List<JsonNode> matching(JsonNode events, String detection, String time) {
        List<JsonNode> found = new ArrayList<>();
        events.forEach(e -> {
            if (e.get("detection_id").asString().equals(detection) && e.get("_time").asString().equals(time)) {
                found.add(e);
            }
        });
        return found;
    }
}
