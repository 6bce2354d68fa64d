package dev.escu.pssession.risk;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.escu.pssession.detection.escu.EscuDetection;
import dev.escu.pssession.detection.escu.RiskObject;
import tools.jackson.databind.json.JsonMapper;

/**
 * Raises risk events: per finding, detection window and risk object, as the hourly Splunk search
 * raises one per result row and risk object of each run. A window that already has its risk event
 * gets no second one; its {@code _time} moves earlier if late events reveal an earlier first match.
 *
 * <p>Hot path: one set-based insert for all detections of a batch, in the caller's transaction, joining
 * the windows the findings left in a temporary table with each group's risk objects (bound as arrays).
 * What all risk events of a detection version and risk object share is stored once, in {@code risk_template}.
 */
@Component
public class RiskRecorder {

    private static final String FIND_TEMPLATE = """
            SELECT id FROM risk_template
            WHERE detection_id = ? AND search_name = ? AND risk_object_type = ? AND risk_score = ?
              AND analyticstories = ? AND annotations = ?::jsonb
            ORDER BY id LIMIT 1""";

    private static final String ADD_TEMPLATE = """
            INSERT INTO risk_template (detection_id, search_name, risk_object_type, risk_score, analyticstories, annotations)
            VALUES (?, ?, ?, ?, ?, ?::jsonb) RETURNING id""";

    private static final String RAISE = """
            INSERT INTO risk_event AS r (detection_id, template_id, finding_id, window_start, event_time, risk_object_field,
                                         risk_object, normalized_risk_object, risk_message, threat_objects)
            SELECT g.detection_id, g.template_id, w.finding_id, w.window_start, w.first_time, g.field,
                   g.object, g.normalized, g.message, g.threats
            FROM %s w
            JOIN unnest(?::integer[], ?::bytea[], ?::text[], ?::integer[], ?::text[], ?::text[], ?::text[], ?::text[], ?::jsonb[])
                 AS g(columns_id, group_hash, detection_id, template_id, field, object, normalized, message, threats)
                 USING (columns_id, group_hash)
            ORDER BY w.finding_id, w.window_start, g.field
            ON CONFLICT (finding_id, window_start, risk_object_field) DO UPDATE SET event_time = excluded.event_time
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

    /** A detection's risk object within one call: the running detections have one version of each. */
    private record TemplateUse(String detectionId, RiskObject object) {
    }

    /**
     * Raises the risk events of the windows that the findings left in {@code windowsTable}, for the
     * groups given (each group's risk objects come from its detection's rba).
     *
     * @return how many risk events were created
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int raise(List<RiskGroup> groups, String windowsTable) {
        return jdbc.execute((ConnectionCallback<Integer>) connection -> {
            Map<TemplateUse, Integer> templates = new HashMap<>(); // a batch's groups share few templates
            List<Object[]> rows = new ArrayList<>();
            for (RiskGroup group : groups) {
                for (RiskEventTemplate.RiskValues values : RiskEventTemplate.of(group.detection(), group.groupValues())) {
                    TemplateUse use = new TemplateUse(group.detection().id(), values.object());
                    Integer template = templates.get(use);
                    if (template == null) {
                        template = template(connection, group.detection(), values.object());
                        templates.put(use, template);
                    }
                    rows.add(new Object[] {group.columnsId(), group.groupHash(), group.detection().id(), template,
                            values.object().field(), values.value(), values.normalized(), values.message(),
                            values.threats().isEmpty() ? null : json.writeValueAsString(values.threats())});
                }
            }
            if (rows.isEmpty()) {
                return 0;
            }
            return insert(connection, rows, windowsTable);
        });
    }

    private int insert(Connection connection, List<Object[]> rows, String windowsTable) throws SQLException {
        int n = rows.size();
        Object[][] columns = new Object[9][n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 9; c++) {
                columns[c][i] = rows.get(i)[c];
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(RAISE.formatted(windowsTable))) {
            ps.setArray(1, connection.createArrayOf("integer", columns[0]));
            byte[][] hashes = new byte[n][];
            for (int i = 0; i < n; i++) {
                hashes[i] = (byte[]) columns[1][i];
            }
            ps.setArray(2, connection.createArrayOf("bytea", hashes));
            ps.setArray(3, text(connection, columns[2]));
            ps.setArray(4, connection.createArrayOf("integer", columns[3]));
            for (int c = 4; c < 8; c++) {
                ps.setArray(c + 1, text(connection, columns[c]));
            }
            ps.setArray(9, connection.createArrayOf("jsonb", columns[8]));
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
    }

    // A template is found by its content or added; no unique constraint (see V8): two transactions
    // adding the same one at once leave two equal rows, which is harmless.
    private int template(Connection connection, EscuDetection detection, RiskObject object) throws SQLException {
        String annotations = json.writeValueAsString(RiskEventTemplate.annotations(detection));
        for (String sql : new String[] {FIND_TEMPLATE, ADD_TEMPLATE}) {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setString(1, detection.id());
                ps.setString(2, detection.searchName());
                ps.setString(3, object.type());
                ps.setInt(4, object.score());
                ps.setArray(5, text(connection, detection.tags().analyticStories().toArray()));
                ps.setString(6, annotations);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getInt(1);
                    }
                }
            }
        }
        throw new IllegalStateException("risk_template returned no id");
    }

    private static Array text(Connection connection, Object[] values) throws SQLException {
        return connection.createArrayOf("text", values);
    }
}
