package dev.escu.pssession.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.escu.pssession.support.TestDatabase;

/**
 * V8 moves what every risk event of a detection repeated into {@code risk_template}: risk events
 * stored before it must read back exactly as they were written. V9 rewrites a one-element
 * {@code type} annotation as the one value. Runs the real migrations in a
 * schema of its own on the suite's PostgreSQL.
 */
class RiskTemplateMigrationTest {

    private static final String SCHEMA = "migration_v8";
    private final TestDatabase.Connection db = TestDatabase.get();

    @AfterEach
    void dropSchema() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @Test
    void riskEventsWrittenBeforeKeepTheirSearchNameStoriesAnnotationsAndScore() throws Exception {
        migrate("7");
        execute("""
                INSERT INTO risk_event (detection_id, finding_id, window_start, event_time, risk_object, risk_object_type,
                    normalized_risk_object, risk_score, risk_message, search_name, analyticstories, annotations)
                VALUES ('d1', 1, '2026-03-02T08:00:00Z', '2026-03-02T08:10:00Z', 'A', 'system', 'a', 50, 'm1',
                        'ESCU - One - Rule', '{"Story 1"}', '{"mitre_attack": ["T1021.006"]}'),
                       ('d1', 2, '2026-03-02T08:00:00Z', '2026-03-02T08:20:00Z', 'B', 'system', 'b', 50, 'm2',
                        'ESCU - One - Rule', '{"Story 1"}', '{"mitre_attack": ["T1021.006"]}'),
                       ('d1', 3, '2026-03-02T09:00:00Z', '2026-03-02T09:10:00Z', 'C', 'user', 'c', 30, 'm3',
                        'ESCU - One (v2) - Rule', '{"Story 1","Story 2"}', '{"cis20": ["CIS 10"]}')""");
        migrate("8");
        assertThat(rows("""
                SELECT r.risk_object, t.risk_object_type, t.risk_score, t.search_name, t.analyticstories::text,
                       t.annotations::text, r.risk_message
                FROM risk_event r JOIN risk_template t ON t.id = r.template_id ORDER BY r.finding_id""")).containsExactly(
                "A | system | 50 | ESCU - One - Rule | {\"Story 1\"} | {\"mitre_attack\": [\"T1021.006\"]} | m1",
                "B | system | 50 | ESCU - One - Rule | {\"Story 1\"} | {\"mitre_attack\": [\"T1021.006\"]} | m2",
                "C | user | 30 | ESCU - One (v2) - Rule | {\"Story 1\",\"Story 2\"} | {\"cis20\": [\"CIS 10\"]} | m3");
        assertThat(rows("SELECT count(*) FROM risk_template")).containsExactly("2");
    }

    @Test
    void v9MakesTheAnnotationTypeOneValueAndLeavesEverythingElse() throws Exception {
        migrate("8");
        execute("""
                INSERT INTO risk_template (detection_id, search_name, risk_object_type, risk_score, analyticstories, annotations)
                VALUES ('d1', 'ESCU - One - Rule', 'system', 50, '{"Story 1"}',
                        '{"nist": ["DE.CM"], "type": ["TTP"], "_all": ["DE.CM", "TTP"]}'),
                       ('d2', 'ESCU - Two - Rule', 'system', 50, '{"Story 1"}', '{"type": ["A", "B"]}'),
                       ('d3', 'ESCU - Three - Rule', 'system', 50, '{"Story 1"}', '{"nist": ["DE.CM"]}')""");
        migrate("9");
        assertThat(rows("SELECT annotations::text FROM risk_template ORDER BY detection_id")).containsExactly(
                "{\"_all\": [\"DE.CM\", \"TTP\"], \"nist\": [\"DE.CM\"], \"type\": \"TTP\"}",
                "{\"type\": [\"A\", \"B\"]}",
                "{\"nist\": [\"DE.CM\"]}");
    }

    /** Runs one statement in the test's schema. */
    private void execute(String sql) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SET search_path = " + SCHEMA);
            s.execute(sql);
        }
    }

    /** The rows of a query in the test's schema, each as its columns joined by " | ". */
    private List<String> rows(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SET search_path = " + SCHEMA);
            try (ResultSet rs = s.executeQuery(sql)) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> values = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        values.add(rs.getString(i));
                    }
                    rows.add(String.join(" | ", values));
                }
            }
        }
        return rows;
    }

    private void migrate(String target) {
        Flyway.configure()
                .dataSource(db.url(), db.username(), db.password())
                .schemas(SCHEMA)
                .locations("classpath:db/migration")
                .target(target)
                .load()
                .migrate();
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(db.url(), db.username(), db.password());
    }
}
