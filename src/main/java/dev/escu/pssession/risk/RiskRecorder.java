package dev.escu.pssession.risk;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.escu.pssession.detection.DetectionDefinition;
import tools.jackson.databind.json.JsonMapper;

/**
 * Raises risk events: one per finding and detection window, as the hourly Splunk search raises one
 * per result row of each run. A window that already has its risk event gets no second one; its
 * {@code _time} moves earlier if late events reveal an earlier first match.
 *
 * <p>Hot path: one set-based upsert per detection (unnest of arrays), in the caller's transaction.
 * What all risk events of a detection version share is stored once, in {@code risk_template}.
 */
@Component
public class RiskRecorder {

    // The detection's template (search name, stories, annotations, score, object type) is found or
    // added in the same statement; each risk event stores only its own values and the template's id.
    private static final String UPSERT = """
            WITH wanted AS (
                SELECT ?::text AS detection_id, ?::text AS search_name, ?::text AS risk_object_type,
                       ?::integer AS risk_score, ?::text[] AS analyticstories, ?::jsonb AS annotations
            ), found AS (
                SELECT t.id FROM risk_template t
                JOIN wanted USING (detection_id, search_name, risk_object_type, risk_score, analyticstories, annotations)
                ORDER BY t.id LIMIT 1
            ), added AS (
                INSERT INTO risk_template (detection_id, search_name, risk_object_type, risk_score, analyticstories, annotations)
                SELECT * FROM wanted
                WHERE NOT EXISTS (SELECT 1 FROM found)
                RETURNING id
            ), template AS (
                SELECT id FROM found UNION ALL SELECT id FROM added
            )
            INSERT INTO risk_event AS r (detection_id, template_id, finding_id, window_start, event_time, risk_object,
                                         normalized_risk_object, risk_message)
            SELECT (SELECT detection_id FROM wanted), (SELECT id FROM template), t.finding_id, t.window_start,
                   t.event_time, t.risk_object, t.normalized, t.message
            FROM unnest(?::bigint[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::text[], ?::text[])
                 AS t(finding_id, window_start, event_time, risk_object, normalized, message)
            ORDER BY t.finding_id, t.window_start
            ON CONFLICT (finding_id, window_start) DO UPDATE SET event_time = excluded.event_time
                WHERE excluded.event_time < r.event_time
            RETURNING (xmax = 0) AS created""";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final RiskProperties properties;

    public RiskRecorder(JdbcTemplate jdbc, JsonMapper json, RiskProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
    }

    /** The detection windows' size and offset. */
    public RiskProperties windows() {
        return properties;
    }

    /** @return how many risk events were created */
    @Transactional(propagation = Propagation.MANDATORY)
    public int raise(List<RiskHit> hits) {
        Map<DetectionDefinition, List<RiskHit>> byDetection = new LinkedHashMap<>();
        for (RiskHit hit : hits) {
            byDetection.computeIfAbsent(hit.detection(), d -> new ArrayList<>()).add(hit);
        }
        int created = 0;
        for (Map.Entry<DetectionDefinition, List<RiskHit>> entry : byDetection.entrySet()) {
            created += raise(entry.getKey(), entry.getValue());
        }
        return created;
    }

    private int raise(DetectionDefinition detection, List<RiskHit> hits) {
        List<RiskHit> ordered = new ArrayList<>(hits);
        ordered.sort(Comparator.comparingLong(RiskHit::findingId).thenComparing(RiskHit::windowStart));
        int n = ordered.size();
        Long[] findingIds = new Long[n];
        Timestamp[] windowStarts = new Timestamp[n];
        Timestamp[] times = new Timestamp[n];
        String[] objects = new String[n];
        String[] normalized = new String[n];
        String[] messages = new String[n];
        for (int i = 0; i < n; i++) {
            RiskHit hit = ordered.get(i);
            findingIds[i] = hit.findingId();
            windowStarts[i] = Timestamp.from(hit.windowStart());
            times[i] = Timestamp.from(hit.firstTime());
            objects[i] = RiskEventTemplate.riskObject(detection, hit.groupValues());
            normalized[i] = RiskEventTemplate.normalize(objects[i]);
            messages[i] = RiskEventTemplate.message(detection, hit.groupValues());
        }
        String annotations = json.writeValueAsString(RiskEventTemplate.annotations(detection));
        return jdbc.execute((ConnectionCallback<Integer>) connection -> {
            try (PreparedStatement ps = connection.prepareStatement(UPSERT)) {
                int p = 1;
                ps.setString(p++, detection.id());
                ps.setString(p++, detection.searchName());
                ps.setString(p++, detection.risk().objectType());
                ps.setInt(p++, detection.risk().score());
                ps.setArray(p++, connection.createArrayOf("text", detection.analyticStories().toArray()));
                ps.setString(p++, annotations);
                ps.setArray(p++, connection.createArrayOf("bigint", findingIds));
                ps.setArray(p++, connection.createArrayOf("timestamptz", windowStarts));
                ps.setArray(p++, connection.createArrayOf("timestamptz", times));
                ps.setArray(p++, text(connection, objects));
                ps.setArray(p++, text(connection, normalized));
                ps.setArray(p, text(connection, messages));
                int created = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getBoolean("created")) {
                            created++;
                        }
                    }
                }
                return created;
            }
        });
    }

    private static Array text(Connection connection, String[] values) throws java.sql.SQLException {
        return connection.createArrayOf("text", values);
    }
}
