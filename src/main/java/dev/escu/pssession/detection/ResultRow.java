package dev.escu.pssession.detection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.escu.pssession.detection.escu.EscuDetection;

/**
 * A result row's group fields by name (the BY fields as the search finally names them, after
 * fillnull), as a filter or a risk event sees them.
 */
public record ResultRow(EscuDetection detection, ResultKey key) {

    /** The result fields of a detection's rows: its BY fields under their final names, in order. */
    public static List<String> fieldsOf(EscuDetection detection) {
        return detection.search().outputColumns().subList(0, detection.search().stats().byFields().size());
    }

    /** The value of a result field, or {@code null} if the row has no such field. */
    public String field(String name) {
        int index = fieldsOf(detection).indexOf(name);
        return index < 0 ? null : key.value(index);
    }

    public Map<String, String> fields() {
        List<String> names = fieldsOf(detection);
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            fields.put(names.get(i), key.value(i));
        }
        return fields;
    }
}
