package dev.escu.pssession.detection.spl;

import java.util.HashMap;
import java.util.Map;

import dev.escu.pssession.detection.WindowsEvent;

/** An event as the steps before stats change it: their renames, fills and evals over the event's own fields. */
final class EventRecord implements FieldValues {

    private final WindowsEvent event;
    private final Map<String, String> changed = new HashMap<>(); // a null value: the field is gone

    EventRecord(WindowsEvent event) {
        this.event = event;
    }

    @Override
    public String value(String field) {
        if (changed.containsKey(field)) {
            return changed.get(field);
        }
        return EventFields.value(event, field);
    }

    /** Sets the field; null or empty removes it (Splunk keeps no empty values). */
    void set(String field, String value) {
        changed.put(field, value == null || value.isEmpty() ? null : value);
    }
}
