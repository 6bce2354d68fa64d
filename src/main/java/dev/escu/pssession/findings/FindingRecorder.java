package dev.escu.pssession.findings;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.json.JsonMapper;

/**
 * Records matched events and keeps the findings' counts and times: {@code stats count
 * min(_time) max(_time) BY ...} maintained incrementally.
 *
 * <p>Hot path, so plain SQL rather than JPA. Events are first staged in a temporary table with
 * {@code COPY} (any number, in chunks), then one statement inserts the new ones, skipping known
 * identities, adds them to their findings, and leaves the new events per finding and detection
 * window in the temporary table {@link #RECORDED_WINDOWS} for the risk events of the same
 * transaction. Rows are taken in key order, so concurrent batches lock in the same order, and a
 * conflicting insert waits for the other transaction: no count is lost or doubled, by two requests
 * or by two service instances.
 */
@Component
public class FindingRecorder {

    /**
     * What {@link #recordStaged} leaves for the rest of the transaction: per finding and detection window,
     * the finding's id, its columns and group hash, the window's start and the earliest new event's time.
     */
    public static final String RECORDED_WINDOWS = "recorded_windows";

    // The group-by values are columns v1..vN, NULL past a detection's last field: COPY's text format has
    // no escaping rules beyond its own, where an array literal would need two layers. A table per width,
    // as a connection keeps its temporary tables while the running detections change.
    private static final String CREATE_STAGING = """
            CREATE TEMP TABLE IF NOT EXISTS %s (
                ord bigint, detection_id text, columns_id integer, event_key bytea, group_hash bytea, %s,
                dest text, event_time timestamptz, fields jsonb, evidence jsonb
            ) ON COMMIT DELETE ROWS""";

    private static final String CREATE_WINDOWS = """
            CREATE TEMP TABLE IF NOT EXISTS recorded_windows (
                finding_id bigint, columns_id integer, group_hash bytea, window_start timestamptz, first_time timestamptz
            ) ON COMMIT DELETE ROWS""";

    // One statement: new events in, findings up, the new events per finding and window kept for risk.
    private static final String RECORD = """
            WITH fresh AS (
                INSERT INTO matched_event (detection_id, columns_id, event_key, group_hash, dest, event_time, fields)
                SELECT DISTINCT ON (detection_id, event_key) detection_id, columns_id, event_key, group_hash, dest,
                       event_time, fields
                FROM %1$s
                ORDER BY detection_id, event_key, ord
                ON CONFLICT (detection_id, event_key) DO NOTHING
                RETURNING columns_id, group_hash, event_time, event_key
            ), groups AS (
                SELECT DISTINCT ON (columns_id, group_hash) detection_id, columns_id, group_hash,
                       array_remove(ARRAY[%2$s], NULL) AS group_values, dest, evidence
                FROM %1$s
                ORDER BY columns_id, group_hash
            ), per_group AS (
                SELECT columns_id, group_hash, count(*) AS n, min(event_time) AS first_time, max(event_time) AS last_time
                FROM fresh
                GROUP BY columns_id, group_hash
            ), upserted AS (
                INSERT INTO finding AS f (detection_id, columns_id, group_hash, group_values, dest, count, first_time, last_time,
                                          evidence)
                SELECT g.detection_id, p.columns_id, p.group_hash, g.group_values, g.dest, p.n, p.first_time, p.last_time,
                       g.evidence
                FROM per_group p JOIN groups g USING (columns_id, group_hash)
                ORDER BY p.columns_id, p.group_hash
                ON CONFLICT (columns_id, group_hash) DO UPDATE
                    SET count = f.count + excluded.count,
                        first_time = least(f.first_time, excluded.first_time),
                        last_time = greatest(f.last_time, excluded.last_time),
                        evidence = coalesce(f.evidence, excluded.evidence),
                        updated_at = now()
                RETURNING f.id, f.columns_id, f.group_hash
            ), windows AS (
                INSERT INTO recorded_windows (finding_id, columns_id, group_hash, window_start, first_time)
                SELECT u.id, u.columns_id, u.group_hash,
                       to_timestamp(floor((extract(epoch FROM fr.event_time) - ?::numeric) / ?::numeric) * ?::numeric + ?::numeric),
                       min(fr.event_time)
                FROM fresh fr JOIN upserted u USING (columns_id, group_hash)
                GROUP BY 1, 2, 3, 4
                RETURNING 1
            )
            SELECT (SELECT count(DISTINCT event_key) FROM fresh) AS new_events,
                   (SELECT count(*) FROM upserted) AS findings,
                   (SELECT count(*) FROM windows) AS windows""";

    private static final String COPY = "COPY %s (%s) FROM STDIN";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    public FindingRecorder(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Stages a chunk of matched events in the current transaction; {@code firstOrd} numbers them.
     *
     * @param groupColumns the widest group of the running detections (the staging table's width)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void stage(List<MatchedEvent> events, long firstOrd, int groupColumns) {
        if (events.isEmpty()) {
            return;
        }
        StagingRows rows = new StagingRows(groupColumns);
        Map<String, String> lastFields = null;
        String fieldsJson = null;
        for (int i = 0; i < events.size(); i++) {
            MatchedEvent event = events.get(i);
            if (event.fields() != lastFields) { // the detections that match one event may share its fields
                lastFields = event.fields();
                fieldsJson = json.writeValueAsString(lastFields);
            }
            rows.add(firstOrd + i, event, fieldsJson);
        }
        byte[] bytes = rows.bytes();
        jdbc.execute(CREATE_STAGING.formatted(staging(groupColumns),
                StagingRows.valueColumns(groupColumns).stream().map(c -> c + " text").collect(Collectors.joining(", "))));
        jdbc.execute((ConnectionCallback<Long>) connection -> {
            try {
                return connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn(COPY.formatted(staging(groupColumns), StagingRows.columns(groupColumns)),
                                new ByteArrayInputStream(bytes), bytes.length);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // from an in-memory stream: cannot happen
            }
        });
    }

    /**
     * Records everything staged in this transaction, and leaves the new events per finding and window
     * in {@link #RECORDED_WINDOWS}.
     *
     * @param window       the size of the time windows that new events are counted in
     * @param windowOffset where windows start, from the epoch
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public RecordedMatches recordStaged(long staged, int groupColumns, Duration window, Duration windowOffset) {
        if (staged == 0) {
            return new RecordedMatches(0, 0, 0);
        }
        BigDecimal size = seconds(window);
        BigDecimal offset = seconds(windowOffset);
        jdbc.execute(CREATE_WINDOWS);
        String record = RECORD.formatted(staging(groupColumns), String.join(", ", StagingRows.valueColumns(groupColumns)));
        return jdbc.queryForObject(record, (rs, n) -> new RecordedMatches(rs.getLong("new_events"), rs.getInt("findings"),
                rs.getLong("windows")), offset, size, size, offset);
    }

    private static String staging(int groupColumns) {
        return "ingest_staging_" + groupColumns;
    }

    private static BigDecimal seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos()).movePointLeft(9);
    }
}
