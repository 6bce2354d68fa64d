package dev.escu.pssession.findings;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The findings list: newest activity first ({@code last_time DESC, id DESC}, a total order), a page
 * at a time by offset or after a cursor (keyset: deep pages cost what the first does). Plain SQL
 * with only the filters asked for, so each query can use its index.
 */
@Component
class FindingsList {

    /** Counting stops here: beyond it, an exact total would cost more than the page itself. */
    static final int COUNT_LIMIT = 10_000;

    private static final int EACH_PAGE = 1000;

    private static final String COLUMNS = "id, detection_id, columns_id, group_values, dest, count, first_time, last_time, evidence::text AS evidence";

    private final JdbcClient jdbc;

    FindingsList(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What the list shows: all findings, or those of a detection, a dest, a time range. */
    record Filter(String detectionId, String dest, Instant earliest, Instant latest) {
    }

    /** One stored finding: a result group's all-time count and times. */
    /** @param evidence why a native rule kept its events (JSON), or {@code null} */
    record StoredFinding(long id, String detectionId, int columnsId, List<String> groupValues, String dest, long count,
                         Instant firstTime, Instant lastTime, String evidence) {

        FindingCursor cursor() {
            return new FindingCursor(lastTime, id);
        }
    }

    List<StoredFinding> page(Filter filter, FindingCursor after, long offset, int limit) {
        Query query = where(filter);
        if (after != null) {
            query.and("(last_time, id) < (:afterTime, :afterId)")
                    .param("afterTime", Timestamp.from(after.lastTime()))
                    .param("afterId", after.id());
        }
        return query.spec("SELECT " + COLUMNS + " FROM finding" + query.where()
                        + " ORDER BY last_time DESC, id DESC LIMIT :limit OFFSET :offset")
                .param("limit", limit)
                .param("offset", offset)
                .query((rs, n) -> finding(rs))
                .list();
    }

    /** Every finding of the list in its order, handed to {@code sink} as read, a keyset page at a time. */
    void each(Filter filter, Consumer<StoredFinding> sink) {
        FindingCursor after = null;
        List<StoredFinding> page;
        do {
            page = page(filter, after, 0, EACH_PAGE);
            page.forEach(sink);
            after = page.isEmpty() ? null : page.get(page.size() - 1).cursor();
        } while (page.size() == EACH_PAGE);
    }

    /** The result columns the list's findings were stored under, in the order they were first stored. */
    List<Integer> columnsIds(Filter filter) {
        Query query = where(filter);
        return query.spec("SELECT DISTINCT columns_id FROM finding" + query.where() + " ORDER BY columns_id")
                .query(Integer.class).list();
    }

    /** Counted up to {@link #COUNT_LIMIT} + 1. */
    long countCapped(Filter filter) {
        Query query = where(filter);
        return query.spec("SELECT count(*) FROM (SELECT 1 FROM finding" + query.where() + " LIMIT :cap) AS capped")
                .param("cap", COUNT_LIMIT + 1)
                .query(Long.class).single();
    }

    /** Whether a detection has any findings (a retired one keeps them). */
    boolean hasAny(String detectionId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM finding WHERE detection_id = :detection)")
                .param("detection", detectionId).query(Boolean.class).single();
    }

    Optional<StoredFinding> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM finding WHERE id = :id").param("id", id)
                .query((rs, n) -> finding(rs)).optional();
    }

    private Query where(Filter filter) {
        Query query = new Query();
        if (filter.detectionId() != null) {
            query.and("detection_id = :detection").param("detection", filter.detectionId());
        }
        if (filter.dest() != null) {
            // dest compared case-insensitively, as Splunk's search command does
            query.and("lower(dest) = lower(:dest)").param("dest", filter.dest());
        }
        if (filter.earliest() != null) {
            // active in the range: seen at or after earliest, and before latest
            query.and("last_time >= :earliest").param("earliest", Timestamp.from(filter.earliest()));
        }
        if (filter.latest() != null) {
            query.and("first_time < :latest").param("latest", Timestamp.from(filter.latest()));
        }
        return query;
    }

    private static StoredFinding finding(ResultSet rs) throws SQLException {
        return new StoredFinding(rs.getLong("id"), rs.getString("detection_id"), rs.getInt("columns_id"),
                List.of((String[]) rs.getArray("group_values").getArray()), rs.getString("dest"), rs.getLong("count"),
                rs.getTimestamp("first_time").toInstant(), rs.getTimestamp("last_time").toInstant(), rs.getString("evidence"));
    }

    /** The conditions asked for and their parameters. */
    private final class Query {
        private final List<String> conditions = new ArrayList<>();
        private final List<Object[]> params = new ArrayList<>();

        Query and(String condition) {
            conditions.add(condition);
            return this;
        }

        Query param(String name, Object value) {
            params.add(new Object[] {name, value});
            return this;
        }

        String where() {
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }

        JdbcClient.StatementSpec spec(String sql) {
            JdbcClient.StatementSpec spec = jdbc.sql(sql);
            for (Object[] p : params) {
                spec = spec.param((String) p[0], p[1]);
            }
            return spec;
        }
    }
}
