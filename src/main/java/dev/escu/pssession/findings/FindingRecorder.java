package dev.escu.pssession.findings;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;

import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.escu.pssession.detection.DetectionCatalog;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records matched events and keeps the findings' counts and times: {@code stats count
 * min(_time) max(_time) BY ...} maintained incrementally.
 *
 * <p>Hot path, so plain batch SQL rather than JPA. Events are first staged in a temporary table
 * (any number, in chunks), then one statement inserts the new ones, skipping known identities,
 * and adds them to their findings. Rows are taken in key order, so concurrent batches lock in the
 * same order, and a conflicting insert waits for the other transaction: no count is lost or doubled,
 * by two requests or by two service instances.
 */
@Component
public class FindingRecorder {

    private static final String CREATE_STAGING = """
            CREATE TEMP TABLE IF NOT EXISTS ingest_staging (
                ord bigint, detection_id text, event_key bytea, group_hash bytea, group_values text[],
                dest text, event_time timestamptz, fields jsonb
            ) ON COMMIT DELETE ROWS""";

    // The group-by values go as separate text parameters, which the driver sends as they are; a
    // text[] parameter would be escaped character by character (a third of the service's time
    // under the all-match flood). Detections with fewer fields pad with NULLs, removed here.
    private static final String STAGE = """
            INSERT INTO ingest_staging (ord, detection_id, event_key, group_hash, group_values, dest, event_time, fields)
            VALUES (?, ?, ?, ?, array_remove(ARRAY[%s]::text[], NULL), ?, ?, ?::jsonb)""";

    // One statement: new events in, findings up, and the new events per finding and window out.
    private static final String RECORD = """
            WITH fresh AS (
                INSERT INTO matched_event (detection_id, event_key, group_hash, dest, event_time, fields)
                SELECT DISTINCT ON (detection_id, event_key) detection_id, event_key, group_hash, dest, event_time, fields
                FROM ingest_staging
                ORDER BY detection_id, event_key, ord
                ON CONFLICT (detection_id, event_key) DO NOTHING
                RETURNING detection_id, group_hash, event_time
            ), groups AS (
                SELECT DISTINCT ON (detection_id, group_hash) detection_id, group_hash, group_values, dest
                FROM ingest_staging
                ORDER BY detection_id, group_hash
            ), per_group AS (
                SELECT detection_id, group_hash, count(*) AS n, min(event_time) AS first_time, max(event_time) AS last_time
                FROM fresh
                GROUP BY detection_id, group_hash
            ), upserted AS (
                INSERT INTO finding AS f (detection_id, group_hash, group_values, dest, count, first_time, last_time)
                SELECT p.detection_id, p.group_hash, g.group_values, g.dest, p.n, p.first_time, p.last_time
                FROM per_group p JOIN groups g USING (detection_id, group_hash)
                ORDER BY p.detection_id, p.group_hash
                ON CONFLICT (detection_id, group_hash) DO UPDATE
                    SET count = f.count + excluded.count,
                        first_time = least(f.first_time, excluded.first_time),
                        last_time = greatest(f.last_time, excluded.last_time),
                        updated_at = now()
                RETURNING f.id, f.detection_id, f.group_hash, f.group_values
            ), windowed AS (
                SELECT u.id, u.detection_id, u.group_values, fr.event_time,
                       to_timestamp(floor((extract(epoch FROM fr.event_time) - ?::numeric) / ?::numeric) * ?::numeric + ?::numeric) AS window_start
                FROM fresh fr JOIN upserted u USING (detection_id, group_hash)
            )
            SELECT id, detection_id, group_values, window_start, min(event_time) AS first_time, count(*) AS n
            FROM windowed
            GROUP BY id, detection_id, group_values, window_start
            ORDER BY id, window_start""";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final int maxGroupFields;
    private final String stage;

    public FindingRecorder(JdbcTemplate jdbc, JsonMapper json, DetectionCatalog catalog) {
        this.jdbc = jdbc;
        this.json = json;
        this.maxGroupFields = catalog.all().stream().mapToInt(d -> d.groupBy().size()).max().orElse(1);
        this.stage = STAGE.formatted(String.join(", ", java.util.Collections.nCopies(maxGroupFields, "?")));
    }

    /** Stages a chunk of matched events in the current transaction; {@code firstOrd} numbers them. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void stage(List<MatchedEvent> events, long firstOrd) {
        if (events.isEmpty()) {
            return;
        }
        jdbc.execute(CREATE_STAGING);
        jdbc.batchUpdate(stage, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                MatchedEvent e = events.get(i);
                int p = 1;
                ps.setLong(p++, firstOrd + i);
                ps.setString(p++, e.detectionId());
                ps.setBytes(p++, e.eventKey());
                ps.setBytes(p++, e.groupHash());
                List<String> values = e.groupValues();
                for (int v = 0; v < maxGroupFields; v++) {
                    ps.setString(p++, v < values.size() ? values.get(v) : null);
                }
                ps.setString(p++, e.dest());
                ps.setTimestamp(p++, Timestamp.from(e.time()));
                ps.setString(p, json.writeValueAsString(e.fields()));
            }

            @Override
            public int getBatchSize() {
                return events.size();
            }
        });
    }

    /**
     * Records everything staged in this transaction.
     *
     * @param window       the size of the time windows that new events are counted in
     * @param windowOffset where windows start, from the epoch
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public RecordedMatches recordStaged(long staged, Duration window, Duration windowOffset) {
        if (staged == 0) {
            return new RecordedMatches(0, 0, 0, List.of());
        }
        BigDecimal size = seconds(window);
        BigDecimal offset = seconds(windowOffset);
        List<RecordedMatches.WindowHits> windows = jdbc.query(RECORD, (rs, n) -> new RecordedMatches.WindowHits(
                rs.getLong("id"),
                rs.getString("detection_id"),
                List.of((String[]) rs.getArray("group_values").getArray()),
                rs.getTimestamp("window_start").toInstant(),
                rs.getTimestamp("first_time").toInstant(),
                rs.getLong("n")), offset, size, size, offset);
        long recorded = windows.stream().mapToLong(RecordedMatches.WindowHits::count).sum();
        int findings = (int) windows.stream().mapToLong(RecordedMatches.WindowHits::findingId).distinct().count();
        return new RecordedMatches(staged, recorded, findings, windows);
    }

    private static BigDecimal seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos()).movePointLeft(9);
    }
}
