package dev.escu.pssession.risk;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.json.JsonMapper;

/**
 * Risk events for other services, in a stable order with a cursor. Ordered by writing transaction,
 * then id; only rows of transactions older than every transaction still running are handed out,
 * so a row that commits late (with a smaller id than rows already read) can never be skipped, and
 * a consumer that polls with its last cursor sees every risk event exactly once.
 */
@Component
class RiskFeed {

    private static final String PAGE = """
            SELECT r.id, r.tx_id::text AS tx, r.detection_id, r.finding_id, r.event_time, r.risk_object, t.risk_object_type,
                   r.normalized_risk_object, t.risk_score, r.risk_message, t.search_name, t.analyticstories,
                   t.annotations::text AS annotations, r.threat_objects::text AS threat_objects
            FROM risk_event r JOIN risk_template t ON t.id = r.template_id
            WHERE (r.tx_id, r.id) > (:tx::xid8, :id)
              AND r.tx_id < pg_snapshot_xmin(pg_current_snapshot())
              AND (:object::text IS NULL OR r.normalized_risk_object = :object)
              AND (:since::timestamptz IS NULL OR r.event_time >= :since)
            ORDER BY r.tx_id, r.id
            LIMIT :limit""";

    /** An event's fields, in order (the threat object fields only when it has threat objects). */
    static final List<String> COLUMNS = List.of("cursor", "_time", "risk_object", "risk_object_type", "normalized_risk_object",
            "risk_score", "risk_message", "search_name", "analyticstories", "annotations", "threat_object",
            "threat_object_type", "detection_id", "finding_id");

    private static final int EACH_PAGE = 1000;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    RiskFeed(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A page of the feed and the cursor to continue from. */
    record FeedPage(@ArraySchema(schema = @Schema(implementation = RiskSchemas.RiskEvent.class))
                    List<Map<String, Object>> results,
                    @Schema(description = "the cursor to pass as `after` on the next poll (the last event's, or the one "
                            + "given when there is none)", example = "812-41") String next) {
    }

    @Transactional(readOnly = true)
    FeedPage read(FeedCursor after, String object, Instant since, int limit) {
        List<Map<String, Object>> events = jdbc.sql(PAGE)
                .param("tx", Long.toUnsignedString(after.tx()))
                .param("id", after.id())
                .param("object", object == null ? null : RiskEventTemplate.normalize(object))
                .param("since", since == null ? null : Timestamp.from(since))
                .param("limit", limit)
                .query((rs, n) -> event(rs))
                .list();
        String next = events.isEmpty() ? after.toString() : (String) events.get(events.size() - 1).get("cursor");
        return new FeedPage(events, next);
    }

    /** Every event after the cursor that the feed hands out now, in its order, a page at a time. */
    void each(FeedCursor after, String object, Instant since, Consumer<Map<String, Object>> sink) {
        FeedPage page;
        FeedCursor cursor = after;
        do {
            page = read(cursor, object, since, EACH_PAGE);
            page.results().forEach(sink);
            cursor = FeedCursor.parse(page.next());
        } while (page.results().size() == EACH_PAGE);
    }

    private Map<String, Object> event(ResultSet rs) throws SQLException {
        Map<String, Object> event = new LinkedHashMap<>();
        FeedCursor cursor = new FeedCursor(Long.parseUnsignedLong(rs.getString("tx")), rs.getLong("id"));
        event.put("cursor", cursor.toString());
        event.put("_time", rs.getTimestamp("event_time").toInstant().toString());
        event.put("risk_object", rs.getString("risk_object"));
        event.put("risk_object_type", rs.getString("risk_object_type"));
        event.put("normalized_risk_object", rs.getString("normalized_risk_object"));
        event.put("risk_score", rs.getInt("risk_score"));
        event.put("risk_message", rs.getString("risk_message"));
        event.put("search_name", rs.getString("search_name"));
        event.put("analyticstories", List.of((String[]) rs.getArray("analyticstories").getArray()));
        event.put("annotations", json.readValue(rs.getString("annotations"), Map.class));
        String threats = rs.getString("threat_objects");
        if (threats != null) {
            // as Splunk's risk events carry them: two multivalue fields, in the same order
            List<Map<String, String>> objects = json.readValue(threats,
                    json.getTypeFactory().constructCollectionType(List.class, Map.class));
            event.put("threat_object", objects.stream().map(o -> o.get("threat_object")).toList());
            event.put("threat_object_type", objects.stream().map(o -> o.get("threat_object_type")).toList());
        }
        event.put("detection_id", rs.getString("detection_id"));
        event.put("finding_id", rs.getLong("finding_id"));
        return event;
    }
}
