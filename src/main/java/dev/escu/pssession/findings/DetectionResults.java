package dev.escu.pssession.findings;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.escu.pssession.detection.DetectionDefinition;
import dev.escu.pssession.detection.ResultFilter;
import dev.escu.pssession.detection.ResultKey;
import dev.escu.pssession.detection.ResultRow;

/**
 * Drilldown 1, "View the detection results for $dest$": the original search, then
 * {@code search dest="$dest$"}, over earliest..latest. The stats are recomputed from the stored
 * matched events inside the range, so count and times are those of the range; the dest comparison
 * ignores case, as the search command does; the tuning filters in force apply, as the search ends
 * with the filter macro.
 */
@Component
class DetectionResults {

    // Splunk's time range: earliest inclusive, latest exclusive.
    private static final String RESULTS = """
            SELECT f.group_values, agg.n, agg.first_time, agg.last_time
            FROM (SELECT group_hash, count(*) AS n, min(event_time) AS first_time, max(event_time) AS last_time
                  FROM matched_event
                  WHERE detection_id = :detection AND lower(dest) = lower(:dest)
                    AND event_time >= :earliest AND event_time < :latest
                  GROUP BY group_hash) agg
            JOIN finding f ON f.detection_id = :detection AND f.group_hash = agg.group_hash
            ORDER BY agg.last_time DESC, f.id DESC""";

    private static final Instant ALL_TIME_START = Instant.EPOCH;
    private static final Instant ALL_TIME_END = Instant.parse("9999-12-31T23:59:59Z");

    private final JdbcClient jdbc;
    private final ResultRows rows;

    DetectionResults(JdbcClient jdbc, ResultRows rows) {
        this.jdbc = jdbc;
        this.rows = rows;
    }

    @Transactional(readOnly = true)
    List<Map<String, Object>> forDest(DetectionDefinition detection, String dest, Instant earliest, Instant latest,
                                      ResultFilter filter) {
        List<Map<String, Object>> results = new ArrayList<>();
        jdbc.sql(RESULTS)
                .param("detection", detection.id())
                .param("dest", dest)
                .param("earliest", Timestamp.from(earliest == null ? ALL_TIME_START : earliest))
                .param("latest", Timestamp.from(latest == null ? ALL_TIME_END : latest))
                .query(rs -> {
                    List<String> values = List.of((String[]) rs.getArray("group_values").getArray());
                    ResultRow row = new ResultRow(detection, new ResultKey(values));
                    if (filter.drops(detection, row).isEmpty()) {
                        results.add(rows.row(detection, values, rs.getLong("n"),
                                rs.getTimestamp("first_time").toInstant(), rs.getTimestamp("last_time").toInstant()));
                    }
                });
        return results;
    }
}
