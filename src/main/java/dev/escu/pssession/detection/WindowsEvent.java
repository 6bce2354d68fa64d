package dev.escu.pssession.detection;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One normalised Windows event: its {@code _time} and its fields under Splunk's names
 * ({@code dest}, {@code EventCode}, {@code ScriptBlockText}, ...). Empty values are never stored:
 * Splunk drops empty values, so an empty field and a missing one are the same thing here.
 */
public record WindowsEvent(Instant time, Map<String, String> fields) {

    public WindowsEvent {
        TreeMap<String, String> kept = new TreeMap<>();
        fields.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                kept.put(name, value);
            }
        });
        fields = Collections.unmodifiableMap(kept);
    }

    /** The field's value, or {@code null} when it is missing or empty. */
    public String field(String name) {
        return fields.get(name);
    }
}
