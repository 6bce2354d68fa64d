package dev.escu.pssession.findings;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.escu.pssession.detection.ResultRow;
import dev.escu.pssession.detection.escu.EscuDetection;

/**
 * The output columns of each detection version's rows, numbered once in {@code result_columns} and
 * never changed: a finding is a group of one such list, and its columns are read back by number, also
 * for a detection that no longer runs. Both directions are cached, as the rows never change.
 */
@Component
public class ResultColumns {

    private final JdbcClient jdbc;
    private final Map<Key, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, List<String>> fields = new ConcurrentHashMap<>();

    ResultColumns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Key(String detectionId, List<String> fields) {
    }

    /**
     * The numbers of the detections' result columns, given on first use. Call it outside a transaction
     * (a number given inside one that rolls back would be remembered here but not stored).
     */
    public Map<String, Integer> idsFor(List<EscuDetection> detections) {
        Map<String, Integer> byDetection = new java.util.HashMap<>();
        for (EscuDetection detection : detections) {
            byDetection.put(detection.id(), idFor(detection.id(), ResultRow.fieldsOf(detection)));
        }
        return byDetection;
    }

    int idFor(String detectionId, List<String> resultFields) {
        Key key = new Key(detectionId, List.copyOf(resultFields));
        Integer known = ids.get(key);
        if (known != null) {
            return known;
        }
        String[] array = resultFields.toArray(String[]::new);
        jdbc.sql("INSERT INTO result_columns (detection_id, fields) VALUES (:detection, CAST(:fields AS text[])) ON CONFLICT DO NOTHING")
                .param("detection", detectionId).param("fields", array).update();
        int id = jdbc.sql("SELECT id FROM result_columns WHERE detection_id = :detection AND fields = CAST(:fields AS text[])")
                .param("detection", detectionId).param("fields", array).query(Integer.class).single();
        ids.put(key, id);
        fields.put(id, List.copyOf(resultFields));
        return id;
    }

    /** The number of a detection's current result columns, if any row of them was ever stored. */
    Optional<Integer> find(EscuDetection detection) {
        Key key = new Key(detection.id(), List.copyOf(ResultRow.fieldsOf(detection)));
        Integer known = ids.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Integer> stored = jdbc.sql("SELECT id FROM result_columns WHERE detection_id = :detection AND fields = CAST(:fields AS text[])")
                .param("detection", key.detectionId()).param("fields", key.fields().toArray(String[]::new))
                .query(Integer.class).optional();
        stored.ifPresent(id -> {
            ids.put(key, id);
            fields.put(id, key.fields());
        });
        return stored;
    }

    /** The detection whose result columns are numbered {@code id}. */
    String detectionOf(int id) {
        return jdbc.sql("SELECT detection_id FROM result_columns WHERE id = :id").param("id", id).query(String.class).single();
    }

    /** The result fields numbered {@code id}. */
    List<String> fields(int id) {
        return fields.computeIfAbsent(id, n -> List.of(jdbc.sql("SELECT fields FROM result_columns WHERE id = :id")
                .param("id", n).query((rs, row) -> (String[]) rs.getArray("fields").getArray()).single()));
    }
}
