package dev.escu.pssession.catalog;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Detections posted over the API, kept in PostgreSQL so that every replica runs them and they
 * survive restarts. Every change takes a new number, so a replica notices one by polling the highest.
 */
@Repository
class CustomDetections {

    private final JdbcClient jdbc;

    CustomDetections(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A posted detection as stored. */
    record Stored(String id, int version, String document, String createdBy, Instant createdAt) {
    }

    List<Stored> active() {
        return jdbc.sql("""
                        SELECT id, version, document, created_by, created_at FROM custom_detection
                        WHERE retired_at IS NULL ORDER BY created_at, id""")
                .query((rs, n) -> new Stored(rs.getString("id"), rs.getInt("version"), rs.getString("document"),
                        rs.getString("created_by"), rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    Optional<Stored> findActive(String id) {
        return active().stream().filter(stored -> stored.id().equalsIgnoreCase(id)).findFirst();
    }

    /** The number of the latest change, 0 when there was none. */
    long latestChange() {
        return jdbc.sql("SELECT coalesce(max(change), 0) FROM custom_detection").query(Long.class).single();
    }

    void save(String id, int version, String document, String actor, Instant now) {
        jdbc.sql("""
                        INSERT INTO custom_detection (id, version, document, created_by, created_at)
                        VALUES (:id, :version, :document, :actor, :now)
                        ON CONFLICT ((lower(id))) DO UPDATE SET id = excluded.id, version = excluded.version, document = excluded.document,
                            created_by = excluded.created_by, created_at = excluded.created_at,
                            retired_by = NULL, retired_at = NULL, change = nextval('custom_detection_change')""")
                .param("id", id).param("version", version).param("document", document).param("actor", actor)
                .param("now", Timestamp.from(now))
                .update();
    }

    /** @return whether an active detection of that id was retired */
    boolean retire(String id, String actor, Instant now) {
        return jdbc.sql("""
                        UPDATE custom_detection SET retired_by = :actor, retired_at = :now,
                            change = nextval('custom_detection_change')
                        WHERE lower(id) = lower(:id) AND retired_at IS NULL""")
                .param("id", id).param("actor", actor).param("now", Timestamp.from(now))
                .update() > 0;
    }
}
