package dev.escu.pssession.risk;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import dev.escu.pssession.detection.Ctime;
import dev.escu.pssession.detection.SplunkValues;
import dev.escu.pssession.web.CsvRows;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drilldown 2, "View risk events for the last 7 days for $dest$":
 * {@code | from datamodel Risk.All_Risk | search normalized_risk_object IN (...) starthoursago=168
 * | stats count min(_time) max(_time) values(...) by normalized_risk_object}.
 *
 * <p>The database groups a host's recent risk events by template and message; the search name,
 * analytic stories and annotations are those each risk event was raised with (its template), as
 * Splunk's risk index keeps them when the detection later changes version. The {@code values()}
 * are merged here, distinct and sorted by UTF-8 bytes as Splunk sorts them.
 */
@Component
public class RiskSummary {

    // grouped first (an index-only scan of a host's recent risk events), then each group's template: what its
    // risk events were raised with, whether or not their detection still runs
    private static final String SUMMARY = """
            SELECT e.normalized_risk_object, e.template_id, e.risk_message, e.n, e.first_time, e.last_time,
                   t.search_name, t.analyticstories, t.annotations::text AS annotations
            FROM (SELECT normalized_risk_object, template_id, risk_message,
                         count(*) AS n, min(event_time) AS first_time, max(event_time) AS last_time
                  FROM risk_event
                  WHERE normalized_risk_object = ANY(:objects) AND event_time >= :since AND event_time <= :latest
                  GROUP BY normalized_risk_object, template_id, risk_message) e
            JOIN risk_template t ON t.id = e.template_id""";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Ctime ctime;
    private final Clock clock;

    RiskSummary(JdbcClient jdbc, JsonMapper json, Ctime ctime, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.ctime = ctime;
        this.clock = clock;
    }

    /** The drilldown's columns, named as its search names them. */
    static final List<String> COLUMNS = List.of("normalized_risk_object", "count", "firstTime", "lastTime", "Search Name",
            "Risk Message", "Analytic Stories", "Annotations", "ATT&CK Tactics");

    /** What a detection's risk events say besides their message. */
    private record Described(String searchName, List<String> stories, List<String> annotations, List<String> tactics) {
    }

    /**
     * The drilldown's answer: its rows, and the window it looked at ({@code earliest}: now minus the
     * hours asked; {@code latest}: now), for risk events carry their event's time, so old events fall
     * outside the window however recently they were posted.
     *
     * @param hoursAgo the drilldown's {@code starthoursago}: the window starts this many hours before now
     */
    @Transactional(readOnly = true)
    public Answer answer(Collection<String> objects, int hoursAgo) {
        Instant now = clock.instant();
        Instant since = since(now, hoursAgo);
        return new Answer(rows(objects, since, now), since.toString(), now.toString());
    }

    /**
     * The drilldown's answer: one row per risk object, and the window it looked at.
     *
     * @param results  the rows, named as the drilldown's search names its columns
     * @param earliest now minus the hours asked (ISO-8601)
     * @param latest   now (ISO-8601)
     */
    @Schema(name = "RiskSummary")
    public record Answer(
            @ArraySchema(schema = @Schema(implementation = RiskSchemas.SummaryRow.class)) List<Map<String, Object>> results,
            @Schema(description = "start of the window: now minus `hours` (ISO-8601)", example = "2026-02-23T10:00:00Z")
            String earliest,
            @Schema(description = "end of the window: now (ISO-8601)", example = "2026-03-02T10:00:00Z") String latest) {
    }

    /** The drilldown's rows as a CSV download, in the answer's column order. */
    @Transactional(readOnly = true)
    public ResponseEntity<StreamingResponseBody> csv(String fileName, Collection<String> objects, int hoursAgo) {
        Instant now = clock.instant();
        List<Map<String, Object>> rows = rows(objects, since(now, hoursAgo), now);
        return CsvRows.download(fileName, COLUMNS, csv -> rows.forEach(csv::row));
    }

    private static Instant since(Instant now, int hoursAgo) {
        return now.minus(Duration.ofHours(hoursAgo));
    }

    // called by the two above, inside their transaction (a call within the class passes no proxy). The
    // window ends now, as Splunk's latest=now: a risk event stamped in the future (a host's clock ahead) waits.
    private List<Map<String, Object>> rows(Collection<String> objects, Instant since, Instant latest) {
        if (objects.isEmpty()) {
            return List.of();
        }
        String[] normalized = objects.stream().map(RiskEventTemplate::normalize).distinct().toArray(String[]::new);
        Map<String, Accumulator> byObject = new TreeMap<>(SplunkValues.UTF8_ORDER);
        Map<Integer, Described> templates = new HashMap<>();
        jdbc.sql(SUMMARY)
                .param("objects", normalized)
                .param("since", Timestamp.from(since))
                .param("latest", Timestamp.from(latest))
                .query(rs -> {
                    Accumulator acc = byObject.computeIfAbsent(rs.getString("normalized_risk_object"), o -> new Accumulator());
                    acc.add(rs.getLong("n"), rs.getTimestamp("first_time").toInstant(),
                            rs.getTimestamp("last_time").toInstant());
                    acc.messages.add(rs.getString("risk_message"));
                    Described described = templates.get(rs.getInt("template_id"));
                    if (described == null) {
                        described = described(rs);
                        templates.put(rs.getInt("template_id"), described);
                    }
                    acc.describe(described);
                });
        List<Map<String, Object>> rows = new ArrayList<>();
        byObject.forEach((object, acc) -> rows.add(acc.row(object, ctime)));
        return rows;
    }

    /** What a row's template says: its search name, stories, annotations' {@code _all} and tactics. */
    private Described described(ResultSet rs) throws SQLException {
        JsonNode annotations = json.readTree(rs.getString("annotations"));
        List<String> all = new ArrayList<>();
        annotations.path("_all").forEach(v -> all.add(v.asString()));
        List<String> tactics = new ArrayList<>();
        annotations.path("mitre_tactic").forEach(v -> tactics.add(v.asString()));
        return new Described(rs.getString("search_name"), List.of((String[]) rs.getArray("analyticstories").getArray()),
                all, tactics);
    }

    private static final class Accumulator {
        long count;
        Instant first;
        Instant last;
        final List<String> searchNames = new ArrayList<>();
        final List<String> messages = new ArrayList<>();
        final List<String> stories = new ArrayList<>();
        final List<String> annotations = new ArrayList<>();
        final List<String> tactics = new ArrayList<>();

        void add(long n, Instant firstTime, Instant lastTime) {
            count += n;
            first = first == null || firstTime.isBefore(first) ? firstTime : first;
            last = last == null || lastTime.isAfter(last) ? lastTime : last;
        }

        void describe(Described detection) {
            searchNames.add(detection.searchName());
            stories.addAll(detection.stories());
            annotations.addAll(detection.annotations());
            tactics.addAll(detection.tactics());
        }

        Map<String, Object> row(String object, Ctime ctime) {
            List<Object> values = List.of(object, count, ctime.format(first), ctime.format(last),
                    SplunkValues.values(searchNames), SplunkValues.values(messages), SplunkValues.values(stories),
                    SplunkValues.values(annotations), SplunkValues.values(tactics));
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < COLUMNS.size(); i++) {
                row.put(COLUMNS.get(i), values.get(i));
            }
            return row;
        }
    }
}
