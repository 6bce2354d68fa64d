package dev.escu.pssession.findings;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.escu.pssession.detection.ResultFilter;
import dev.escu.pssession.detection.ResultKey;
import dev.escu.pssession.detection.ResultRow;
import dev.escu.pssession.detection.escu.EscuDetection;

/**
 * Drilldown 1, "View the detection results for $dest$": the original search, then
 * {@code search dest="$dest$"} (or every result field the drilldown names), over earliest..latest.
 * The stats are recomputed from the stored matched events inside the range, so count and times are
 * those of the range; the value comparison ignores case, as the search command does; the tuning
 * filters in force apply, as the search ends with the filter macro. Rows come newest activity first,
 * then by result group (a total order), a page at a time by offset or after a cursor; they are the
 * rows of the detection's current result columns.
 *
 * <p>Over all time the recomputation equals the findings themselves (every stored matched event
 * is counted in its finding, in the same transaction), so an unbounded range reads the findings
 * instead of every matched event.
 */
@Component
class DetectionResults {

    // Splunk's time range: earliest inclusive, latest exclusive. The page is cut before the join,
    // so only its rows fetch their (possibly long) group-by values.
    private static final String PAGE = """
            SELECT f.group_values, f.group_hash, agg.n, agg.first_time, agg.last_time, agg.total
            FROM (SELECT m.group_hash, count(*) AS n, min(m.event_time) AS first_time, max(m.event_time) AS last_time,
                         count(*) OVER () AS total
                  FROM %1$s
                  WHERE m.detection_id = :detection AND m.columns_id = :columns AND %2$s
                    AND m.event_time >= :earliest AND m.event_time < :latest
                  GROUP BY m.group_hash
                  %3$s
                  ORDER BY last_time DESC, m.group_hash
                  LIMIT :limit OFFSET :offset) agg
            JOIN finding f ON f.columns_id = :columns AND f.group_hash = agg.group_hash
            ORDER BY agg.last_time DESC, agg.group_hash""";

    private static final String AFTER_IN_RANGE =
            "HAVING (max(m.event_time) < :afterTime OR (max(m.event_time) = :afterTime AND m.group_hash > :afterHash))";

    private static final String ALL_TIME_PAGE = """
            SELECT group_values, group_hash, count AS n, first_time, last_time
            FROM finding
            WHERE detection_id = :detection AND columns_id = :columns AND %1$s %2$s
            ORDER BY last_time DESC, group_hash
            LIMIT :limit OFFSET :offset""";

    private static final String AFTER_ALL_TIME =
            "AND (last_time < :afterTime OR (last_time = :afterTime AND group_hash > :afterHash))";

    // counted up to FindingsList.COUNT_LIMIT + 1, as the findings list counts: an exact all-time count
    // of a busy dest visits every one of its findings
    private static final String ALL_TIME_COUNT = """
            SELECT count(*) FROM (SELECT 1 FROM finding WHERE detection_id = :detection AND columns_id = :columns AND %s
                                  LIMIT :limit) AS capped""";

    private static final String COUNT_GROUPS = """
            SELECT count(DISTINCT m.group_hash) FROM %s
            WHERE m.detection_id = :detection AND m.columns_id = :columns AND %s
              AND m.event_time >= :earliest AND m.event_time < :latest""";

    private static final int EACH_PAGE = 1000;

    private static final Instant ALL_TIME_START = Instant.EPOCH;
    private static final Instant ALL_TIME_END = Instant.parse("9999-12-31T23:59:59Z");

    private final JdbcClient jdbc;
    private final ResultRows rows;

    DetectionResults(JdbcClient jdbc, ResultRows rows) {
        this.jdbc = jdbc;
        this.rows = rows;
    }

    /** One page of result rows, the number of rows in all, and the cursor after the page (null at the end). */
    record Page(List<Map<String, Object>> results, long total, ResultsCursor next) {
    }

    /** A row, its group values and the position it sorts at. */
    private record Row(List<String> values, Map<String, Object> rendered, ResultsCursor position) {
    }

    /**
     * The rows whose fields equal the values asked for, each ignoring case: {@code search dest="$dest$"},
     * or every {@code field="$field$"} the drilldown's search names (all of them must hold, as juxtaposed
     * terms of the search command are ANDed). {@code dest} is read from its own indexed column; another
     * result field from the stored group values.
     */
    private record Where(String events, String event, String finding, Map<String, String> values) {

        static Where of(EscuDetection detection, Map<String, String> fieldValues) {
            List<String> fields = ResultRow.fieldsOf(detection);
            List<String> onEvents = new ArrayList<>();
            List<String> onFindings = new ArrayList<>();
            Map<String, String> values = new LinkedHashMap<>();
            boolean join = false;
            for (Map.Entry<String, String> condition : fieldValues.entrySet()) {
                String param = "value" + values.size();
                values.put(param, condition.getValue());
                if (condition.getKey().equals("dest")) {
                    onEvents.add("lower(m.dest) = lower(:" + param + ")");
                    onFindings.add("lower(dest) = lower(:" + param + ")");
                } else {
                    int index = fields.indexOf(condition.getKey()) + 1; // arrays count from 1
                    if (index == 0) {
                        throw new IllegalArgumentException("no result field " + condition.getKey());
                    }
                    join = true;
                    onEvents.add("lower(g.group_values[" + index + "]) = lower(:" + param + ")");
                    onFindings.add("lower(group_values[" + index + "]) = lower(:" + param + ")");
                }
            }
            if (values.isEmpty()) {
                throw new IllegalArgumentException("a drilldown names at least one field");
            }
            return new Where(join ? "matched_event m JOIN finding g ON g.columns_id = m.columns_id AND g.group_hash = m.group_hash"
                    : "matched_event m", String.join(" AND ", onEvents), "(" + String.join(" AND ", onFindings) + ")", values);
        }

        JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec) {
            JdbcClient.StatementSpec bound = spec;
            for (Map.Entry<String, String> value : values.entrySet()) {
                bound = bound.param(value.getKey(), value.getValue());
            }
            return bound;
        }
    }

    /** @param columnsId the detection's current result columns */
    @Transactional(readOnly = true)
    Page forValues(EscuDetection detection, int columnsId, Map<String, String> fieldValues, Instant earliest, Instant latest,
                   ResultFilter filter, ResultsCursor after, long offset, int size) {
        Query query = new Query(detection, columnsId, Where.of(detection, fieldValues), earliest, latest);
        if (filter.keepsEverythingOf(detection)) {
            List<Row> page = new ArrayList<>();
            long total;
            if (query.allTime()) {
                allTime(query, after, size, offset, ResultFilter.NONE, page);
                total = countAllTime(query);
            } else {
                long windowTotal = inRange(query, after, size, offset, ResultFilter.NONE, page);
                // the window count covers only the groups after the cursor, and no row is read past the end
                total = after == null && !page.isEmpty() ? windowTotal : countInRange(query);
            }
            return new Page(page.stream().map(Row::rendered).toList(), total, next(page, size));
        }
        // tuning rules may drop rows: filter every row of the range, then find the cursor and cut the page
        List<Row> kept = new ArrayList<>();
        read(query, null, Integer.MAX_VALUE, filter, kept);
        int start = after == null ? 0 : firstAfter(kept, after);
        int from = (int) Math.min(kept.size(), start + offset);
        List<Row> page = kept.subList(from, (int) Math.min(kept.size(), (long) from + size));
        return new Page(page.stream().map(Row::rendered).toList(), kept.size(), next(page, size));
    }

    /**
     * Every row of the drilldown in the list's order, handed to {@code sink} as read: pages of
     * {@value #EACH_PAGE} after a cursor, so that the memory held is that of one page however many rows there are.
     */
    void each(EscuDetection detection, int columnsId, Map<String, String> fieldValues, Instant earliest, Instant latest,
              ResultFilter filter, Consumer<Map<String, Object>> sink) {
        Query query = new Query(detection, columnsId, Where.of(detection, fieldValues), earliest, latest);
        ResultsCursor after = null;
        List<Row> page = new ArrayList<>();
        do {
            page.clear();
            read(query, after, EACH_PAGE, ResultFilter.NONE, page);
            for (Row row : page) {
                if (filter.drops(detection, new ResultRow(detection, new ResultKey(row.values()))).isEmpty()) {
                    sink.accept(row.rendered());
                }
            }
            after = next(page, EACH_PAGE);
        } while (after != null);
    }

    private void read(Query query, ResultsCursor after, int limit, ResultFilter filter, List<Row> out) {
        if (query.allTime()) {
            allTime(query, after, limit, 0, filter, out);
        } else {
            inRange(query, after, limit, 0, filter, out);
        }
    }

    /** What one drilldown asks for. */
    private record Query(EscuDetection detection, int columnsId, Where where, Instant earliest, Instant latest) {

        JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec) {
            return where.bind(spec.param("detection", detection.id()).param("columns", columnsId));
        }

        boolean allTime() {
            return earliest == null && latest == null;
        }

        JdbcClient.StatementSpec bindRange(JdbcClient.StatementSpec spec) {
            return bind(spec).param("earliest", Timestamp.from(earliest == null ? ALL_TIME_START : earliest))
                    .param("latest", Timestamp.from(latest == null ? ALL_TIME_END : latest));
        }
    }

    /** The index of the first row that sorts after the cursor (newest first, then by group hash as bytea sorts). */
    private static int firstAfter(List<Row> rows, ResultsCursor after) {
        for (int i = 0; i < rows.size(); i++) {
            ResultsCursor at = rows.get(i).position();
            int byTime = after.lastTime().compareTo(at.lastTime());
            if (byTime > 0 || byTime == 0 && java.util.Arrays.compareUnsigned(at.groupHash(), after.groupHash()) > 0) {
                return i;
            }
        }
        return rows.size();
    }

    private static ResultsCursor next(List<Row> page, int size) {
        return page.size() < size ? null : page.get(page.size() - 1).position();
    }

    /** Reads a page of the range into {@code out}; answers the number of groups after the cursor (before the limit). */
    private long inRange(Query query, ResultsCursor after, int limit, long offset, ResultFilter filter, List<Row> out) {
        long[] total = {0};
        bindPage(query.bindRange(jdbc.sql(PAGE.formatted(query.where().events(), query.where().event(),
                after == null ? "" : AFTER_IN_RANGE))), after, limit, offset)
                .query(rs -> {
                    total[0] = rs.getLong("total");
                    addRow(out, query.detection(), filter, rs);
                });
        return total[0];
    }

    private long countInRange(Query query) {
        return query.bindRange(jdbc.sql(COUNT_GROUPS.formatted(query.where().events(), query.where().event())))
                .query(Long.class).single();
    }

    private void allTime(Query query, ResultsCursor after, int limit, long offset, ResultFilter filter, List<Row> out) {
        bindPage(query.bind(jdbc.sql(ALL_TIME_PAGE.formatted(query.where().finding(),
                after == null ? "" : AFTER_ALL_TIME))), after, limit, offset)
                .query(rs -> {
                    addRow(out, query.detection(), filter, rs);
                });
    }

    /** Binds a page's limit and offset, and the cursor's position that AFTER_IN_RANGE and AFTER_ALL_TIME compare with. */
    private static JdbcClient.StatementSpec bindPage(JdbcClient.StatementSpec spec, ResultsCursor after, int limit, long offset) {
        JdbcClient.StatementSpec page = spec.param("limit", limit).param("offset", offset);
        return after == null ? page : page.param("afterTime", Timestamp.from(after.lastTime())).param("afterHash", after.groupHash());
    }

    private long countAllTime(Query query) {
        return query.bind(jdbc.sql(ALL_TIME_COUNT.formatted(query.where().finding())))
                .param("limit", FindingsList.COUNT_LIMIT + 1).query(Long.class).single();
    }

    private void addRow(List<Row> out, EscuDetection detection, ResultFilter filter, ResultSet rs) throws SQLException {
        List<String> values = List.of((String[]) rs.getArray("group_values").getArray());
        if (filter.drops(detection, new ResultRow(detection, new ResultKey(values))).isEmpty()) {
            Instant lastTime = rs.getTimestamp("last_time").toInstant();
            out.add(new Row(values, rows.row(detection, values, rs.getLong("n"), rs.getTimestamp("first_time").toInstant(), lastTime),
                    new ResultsCursor(lastTime, rs.getBytes("group_hash"))));
        }
    }
}
