package dev.escu.pssession.findings;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
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
 * <p>Hot path, so plain SQL rather than JPA. Events are first staged in a temporary table with
 * {@code COPY} (any number, in chunks), then one statement inserts the new ones, skipping known
 * identities, and adds them to their findings. Rows are taken in key order, so concurrent batches
 * lock in the same order, and a conflicting insert waits for the other transaction: no count is
 * lost or doubled, by two requests or by two service instances.
 */
@Component
public class FindingRecorder {

    // The group-by values are columns v1..vN, NULL past a detection's last field: COPY's text
    // format has no escaping rules beyond its own, where an array literal would need two layers.
    private static final String CREATE_STAGING = """
            CREATE TEMP TABLE IF NOT EXISTS ingest_staging (
                ord bigint, detection_id text, event_key bytea, group_hash bytea, %s,
                dest text, event_time timestamptz, fields jsonb
            ) ON COMMIT DELETE ROWS""";

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
                SELECT DISTINCT ON (detection_id, group_hash) detection_id, group_hash,
                       array_remove(ARRAY[%s], NULL) AS group_values, dest
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

    private static final String COPY = "COPY ingest_staging (%s) FROM STDIN";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final int maxGroupFields;
    private final String createStaging;
    private final String copy;
    private final String record;

    public FindingRecorder(JdbcTemplate jdbc, JsonMapper json, DetectionCatalog catalog) {
        this.jdbc = jdbc;
        this.json = json;
        this.maxGroupFields = catalog.all().stream().mapToInt(d -> d.groupBy().size()).max().orElse(1);
        List<String> valueColumns = StagingRows.valueColumns(maxGroupFields);
        this.createStaging = CREATE_STAGING.formatted(
                valueColumns.stream().map(c -> c + " text").collect(Collectors.joining(", ")));
        this.copy = COPY.formatted(StagingRows.columns(maxGroupFields));
        this.record = RECORD.formatted(String.join(", ", valueColumns));
    }

    /** Stages a chunk of matched events in the current transaction; {@code firstOrd} numbers them. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void stage(List<MatchedEvent> events, long firstOrd) {
        if (events.isEmpty()) {
            return;
        }
        StagingRows rows = new StagingRows(maxGroupFields);
        for (int i = 0; i < events.size(); i++) {
            MatchedEvent event = events.get(i);
            rows.add(firstOrd + i, event, json.writeValueAsString(event.fields()));
        }
        byte[] bytes = rows.bytes();
        jdbc.execute(createStaging);
        jdbc.execute((ConnectionCallback<Long>) connection -> {
            try {
                return connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn(copy, new ByteArrayInputStream(bytes), bytes.length);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // from an in-memory stream: cannot happen
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
        List<RecordedMatches.WindowHits> windows = jdbc.query(record, (rs, n) -> new RecordedMatches.WindowHits(
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
