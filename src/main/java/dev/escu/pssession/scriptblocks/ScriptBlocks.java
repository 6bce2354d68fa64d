package dev.escu.pssession.scriptblocks;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.escu.pssession.detection.BlockPosition;
import dev.escu.pssession.detection.SplunkFields;
import dev.escu.pssession.detection.WindowsEvent;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of split script blocks, in PostgreSQL, so that nothing depends on one process's memory:
 * parts arrive in any order, in different requests, at different instances. A block is claimed for
 * judgement exactly once: when its last part is stored (its row is locked while parts are added, so
 * two batches holding its last two parts cannot both miss that it is whole), or after the wait when
 * its parts stopped arriving. A part delivered again changes nothing.
 */
@Component
public class ScriptBlocks {

    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ScriptBlocks(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One part: its number, its event's time and fields, its text. */
    public record Part(String scriptBlockId, int messageNumber, int messageTotal, Instant time, String text,
                       Map<String, String> fields) {

        /** The part an event is, when it is one of several (MessageNumber of MessageTotal above 1). */
        public static java.util.Optional<Part> of(WindowsEvent event) {
            String text = event.field(SplunkFields.SCRIPT_BLOCK_TEXT);
            return BlockPosition.of(event).map(at -> new Part(at.scriptBlockId(), at.messageNumber(), at.messageTotal(),
                    event.time(), text == null ? "" : text, event.fields()));
        }
    }

    /**
     * A block claimed for judgement: its parts in order (some may be missing when it was not complete).
     *
     * @param complete whether every part was there
     */
    public record Block(String scriptBlockId, int messageTotal, List<Part> parts, boolean complete) {

        /** The block's text: its parts' texts in order. */
        public String text() {
            StringBuilder text = new StringBuilder();
            parts.forEach(part -> text.append(part.text()));
            return text.toString();
        }

        /** The block as one event: the first part's fields and time, with the whole text ({@link #text()}). */
        public WindowsEvent asEvent(String text) {
            Part first = parts.get(0);
            Map<String, String> fields = new LinkedHashMap<>(first.fields());
            fields.put(SplunkFields.SCRIPT_BLOCK_TEXT, text);
            return new WindowsEvent(first.time(), fields);
        }
    }

    /**
     * Stores the parts in the caller's transaction and claims the blocks they make whole.
     *
     * @return the blocks now complete and not judged before, each claimed here only
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Block> storeAndClaimWhole(List<Part> parts, Instant now) {
        if (parts.isEmpty()) {
            return List.of();
        }
        TreeSet<String> ids = new TreeSet<>();
        for (Part part : parts) {
            if (ids.add(part.scriptBlockId())) {
                jdbc.sql("""
                                INSERT INTO script_block (script_block_id, message_total, first_seen) VALUES (:id, :total, :now)
                                ON CONFLICT DO NOTHING""")
                        .param("id", part.scriptBlockId()).param("total", part.messageTotal()).param("now", Timestamp.from(now))
                        .update();
            }
        }
        String[] idArray = ids.toArray(String[]::new);
        // in id order, as every batch takes them: no two batches wait for each other crosswise
        jdbc.sql("SELECT script_block_id FROM script_block WHERE script_block_id = ANY(CAST(:ids AS text[])) "
                + "ORDER BY script_block_id FOR UPDATE").param("ids", idArray).query().listOfRows();
        // A part is one of the block's only when its MessageTotal is the block's (the first part received set
        // it): one that disagrees, or numbers itself past the block's end, would put foreign text into the
        // reassembled block or take the place of a real part. The parity rule still judges it alone.
        for (Part part : parts) {
            jdbc.sql("""
                            INSERT INTO script_block_part (script_block_id, message_number, event_time, script_text, fields, received_at)
                            SELECT :id, :number, :time, :text, CAST(:fields AS jsonb), :now
                            WHERE EXISTS (SELECT 1 FROM script_block WHERE script_block_id = :id AND message_total = :total)
                            ON CONFLICT DO NOTHING""")
                    .param("id", part.scriptBlockId()).param("number", part.messageNumber()).param("total", part.messageTotal())
                    .param("time", Timestamp.from(part.time())).param("text", part.text())
                    .param("fields", json.writeValueAsString(withoutText(part.fields()))).param("now", Timestamp.from(now))
                    .update();
        }
        List<Claimed> whole = jdbc.sql("""
                        UPDATE script_block b SET judged_at = :now, complete = true
                        WHERE b.script_block_id = ANY(CAST(:ids AS text[])) AND b.judged_at IS NULL
                          AND (SELECT count(*) FROM script_block_part p WHERE p.script_block_id = b.script_block_id
                                 AND p.message_number BETWEEN 1 AND b.message_total) >= b.message_total
                        RETURNING b.script_block_id, b.message_total""")
                .param("now", Timestamp.from(now)).param("ids", idArray)
                .query(Claimed.class).list();
        return blocks(whole, true);
    }

    /** Claims blocks whose parts stopped arriving: first seen before {@code cutoff} and still not judged. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Block> claimWaiting(Instant cutoff, Instant now, int limit) {
        List<Claimed> waiting = jdbc.sql("""
                        SELECT script_block_id, message_total FROM script_block
                        WHERE judged_at IS NULL AND first_seen < :cutoff
                        ORDER BY first_seen, script_block_id LIMIT :limit
                        FOR UPDATE SKIP LOCKED""")
                .param("cutoff", Timestamp.from(cutoff)).param("limit", limit)
                .query(Claimed.class).list();
        if (waiting.isEmpty()) {
            return List.of();
        }
        jdbc.sql("UPDATE script_block SET judged_at = :now, complete = false WHERE script_block_id = ANY(CAST(:ids AS text[]))")
                .param("now", Timestamp.from(now)).param("ids", waiting.stream().map(Claimed::scriptBlockId).toArray(String[]::new))
                .update();
        return blocks(waiting, false);
    }

    /** Remembers what the judgement of a claimed block was, for the analysts' view. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordVerdict(String scriptBlockId, String verdict) {
        jdbc.sql("UPDATE script_block SET verdict = :verdict WHERE script_block_id = :id")
                .param("verdict", verdict).param("id", scriptBlockId).update();
    }

    /** A block this transaction claimed, with its number of parts. */
    private record Claimed(String scriptBlockId, int messageTotal) {
    }

    private List<Block> blocks(List<Claimed> claimed, boolean complete) {
        List<Block> blocks = new ArrayList<>();
        for (Claimed block : claimed) {
            blocks.add(new Block(block.scriptBlockId(), block.messageTotal(),
                    parts(block.scriptBlockId(), block.messageTotal()), complete));
        }
        return blocks;
    }

    /** A block's own row: its number of parts, when the first came, and whether and how it was judged. */
    record Received(int total, Instant firstSeen, Instant judgedAt, Boolean complete, String verdict) {

        /** Judged after the wait ran out, with parts still missing. */
        boolean timedOut() {
            return judgedAt != null && Boolean.FALSE.equals(complete);
        }
    }

    /** The row of a block of which some part was received, if any was. */
    Optional<Received> received(String id) {
        return jdbc.sql("""
                        SELECT message_total, first_seen, judged_at, complete, verdict FROM script_block
                        WHERE script_block_id = :id""")
                .param("id", id)
                .query((rs, n) -> {
                    Timestamp judgedAt = rs.getTimestamp("judged_at");
                    return new Received(rs.getInt("message_total"), rs.getTimestamp("first_seen").toInstant(),
                            judgedAt == null ? null : judgedAt.toInstant(), (Boolean) rs.getObject("complete"),
                            rs.getString("verdict"));
                })
                .optional();
    }

    List<Part> parts(String id, int total) {
        return jdbc.sql("""
                        SELECT message_number, event_time, script_text, fields::text AS fields FROM script_block_part
                        WHERE script_block_id = :id ORDER BY message_number""")
                .param("id", id)
                .query((rs, n) -> {
                    Map<String, String> fields = new LinkedHashMap<>(json.readValue(rs.getString("fields"), FIELDS));
                    String text = rs.getString("script_text");
                    fields.put(SplunkFields.SCRIPT_BLOCK_TEXT, text);
                    return new Part(id, rs.getInt("message_number"), total, rs.getTimestamp("event_time").toInstant(), text,
                            fields);
                })
                .list();
    }

    private static Map<String, String> withoutText(Map<String, String> fields) {
        Map<String, String> kept = new LinkedHashMap<>(fields);
        kept.remove(SplunkFields.SCRIPT_BLOCK_TEXT); // kept once, in its own column
        return kept;
    }
}
