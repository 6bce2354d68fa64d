package dev.escu.pssession.findings;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.RowCallbackHandler;
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
 * with the filter macro. Rows come newest activity first, a page at a time.
 *
 * <p>Over all time the recomputation equals the findings themselves (every stored matched event
 * is counted in its finding, in the same transaction), so an unbounded range reads the findings
 * of that dest instead of every matched event.
 */
@Component
class DetectionResults {

    // Splunk's time range: earliest inclusive, latest exclusive. The page is cut before the join,
    // so only its rows fetch their (possibly long) group-by values.
    private static final String PAGE = """
            SELECT f.group_values, agg.n, agg.first_time, agg.last_time, agg.total
            FROM (SELECT group_hash, count(*) AS n, min(event_time) AS first_time, max(event_time) AS last_time,
                         count(*) OVER () AS total
                  FROM matched_event
                  WHERE detection_id = :detection AND lower(dest) = lower(:dest)
                    AND event_time >= :earliest AND event_time < :latest
                  GROUP BY group_hash
                  ORDER BY last_time DESC, group_hash
                  LIMIT :limit OFFSET :offset) agg
            JOIN finding f ON f.detection_id = :detection AND f.group_hash = agg.group_hash
            ORDER BY agg.last_time DESC, agg.group_hash""";

    private static final String ALL_TIME_PAGE = """
            SELECT group_values, count AS n, first_time, last_time
            FROM finding
            WHERE detection_id = :detection AND lower(dest) = lower(:dest)
            ORDER BY last_time DESC, id DESC
            LIMIT :limit OFFSET :offset""";

    // counted up to FindingRepository.COUNT_LIMIT + 1, as the findings list counts: right after a flood
    // of new findings, before autovacuum has marked their pages all-visible, every one counted is a
    // heap visit (drilldown 1 over all time took 45 ms p50 for 25,000 findings of one dest, bench/README.md)
    private static final String ALL_TIME_COUNT = """
            SELECT count(*) FROM (SELECT 1 FROM finding WHERE detection_id = :detection AND lower(dest) = lower(:dest)
                                  LIMIT :limit) AS capped""";

    private static final Instant ALL_TIME_START = Instant.EPOCH;
    private static final Instant ALL_TIME_END = Instant.parse("9999-12-31T23:59:59Z");

    private final JdbcClient jdbc;
    private final ResultRows rows;

    DetectionResults(JdbcClient jdbc, ResultRows rows) {
        this.jdbc = jdbc;
        this.rows = rows;
    }

    /** One page of result rows and the number of rows in all. */
    record Page(List<Map<String, Object>> results, long total) {
    }

    @Transactional(readOnly = true)
    Page forDest(DetectionDefinition detection, String dest, Instant earliest, Instant latest, ResultFilter filter,
                 int page, int size) {
        boolean allTime = earliest == null && latest == null;
        if (filter.keepsEverythingOf(detection)) {
            return allTime
                    ? allTime(detection, dest, size, (long) page * size, ResultFilter.NONE)
                    : query(detection, dest, earliest, latest, size, (long) page * size, ResultFilter.NONE);
        }
        // tuning rules may drop rows: filter every row of the range, then cut the page
        Page all = allTime
                ? allTime(detection, dest, Integer.MAX_VALUE, 0, filter)
                : query(detection, dest, earliest, latest, Integer.MAX_VALUE, 0, filter);
        int from = (int) Math.min(all.results().size(), (long) page * size);
        int to = (int) Math.min(all.results().size(), (long) from + size);
        return new Page(all.results().subList(from, to), all.results().size());
    }

    private Page query(DetectionDefinition detection, String dest, Instant earliest, Instant latest, int limit,
                       long offset, ResultFilter filter) {
        List<Map<String, Object>> results = new ArrayList<>();
        long[] total = {0};
        jdbc.sql(PAGE)
                .param("detection", detection.id())
                .param("dest", dest)
                .param("earliest", Timestamp.from(earliest == null ? ALL_TIME_START : earliest))
                .param("latest", Timestamp.from(latest == null ? ALL_TIME_END : latest))
                .param("limit", limit)
                .param("offset", offset)
                .query(rs -> {
                    total[0] = rs.getLong("total");
                    addRow(results, detection, filter, rs);
                });
        if (filter != ResultFilter.NONE) {
            return new Page(results, results.size());
        }
        if (results.isEmpty() && offset > 0) {
            total[0] = countGroups(detection, dest, earliest, latest); // a page past the end
        }
        return new Page(results, total[0]);
    }

    private Page allTime(DetectionDefinition detection, String dest, int limit, long offset, ResultFilter filter) {
        List<Map<String, Object>> results = new ArrayList<>();
        jdbc.sql(ALL_TIME_PAGE)
                .param("detection", detection.id())
                .param("dest", dest)
                .param("limit", limit)
                .param("offset", offset)
                .query((RowCallbackHandler) rs -> addRow(results, detection, filter, rs));
        if (filter != ResultFilter.NONE) {
            return new Page(results, results.size());
        }
        long total = jdbc.sql(ALL_TIME_COUNT).param("detection", detection.id()).param("dest", dest)
                .param("limit", FindingRepository.COUNT_LIMIT + 1).query(Long.class).single();
        return new Page(results, total);
    }

    private void addRow(List<Map<String, Object>> results, DetectionDefinition detection, ResultFilter filter,
                        ResultSet rs) throws SQLException {
        List<String> values = List.of((String[]) rs.getArray("group_values").getArray());
        if (filter.drops(detection, new ResultRow(detection, new ResultKey(values))).isEmpty()) {
            results.add(rows.row(detection, values, rs.getLong("n"),
                    rs.getTimestamp("first_time").toInstant(), rs.getTimestamp("last_time").toInstant()));
        }
    }

    private long countGroups(DetectionDefinition detection, String dest, Instant earliest, Instant latest) {
        return jdbc.sql("""
                        SELECT count(DISTINCT group_hash) FROM matched_event
                        WHERE detection_id = :detection AND lower(dest) = lower(:dest)
                          AND event_time >= :earliest AND event_time < :latest""")
                .param("detection", detection.id())
                .param("dest", dest)
                .param("earliest", Timestamp.from(earliest == null ? ALL_TIME_START : earliest))
                .param("latest", Timestamp.from(latest == null ? ALL_TIME_END : latest))
                .query(Long.class).single();
    }
}
