package dev.escu.pssession.detection;

import java.util.LinkedHashMap;
import java.util.Map;

/** A result row's fields by name (the group-by fields, after fillnull), as a filter sees them. */
public record ResultRow(DetectionDefinition detection, ResultKey key) {

    /** The value of a result field, or {@code null} if the row has no such field. */
    public String field(String name) {
        int index = detection.groupIndex(name);
        return index < 0 ? null : key.value(index);
    }

    public Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < detection.groupBy().size(); i++) {
            fields.put(detection.groupBy().get(i), key.value(i));
        }
        return fields;
    }
}
