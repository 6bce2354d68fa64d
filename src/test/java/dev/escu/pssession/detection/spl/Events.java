package dev.escu.pssession.detection.spl;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.escu.pssession.detection.WindowsEvent;

/** Builds normalised events for SPL tests: a PowerShell 4104 event with the fields given. */
final class Events {

    private final Map<String, String> fields = new LinkedHashMap<>();
    private Instant time = Instant.parse("2026-03-02T08:14:55.417203Z");

    private Events() {
        fields.put("source", "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational");
        fields.put("EventCode", "4104");
        fields.put("dest", "host1");
        fields.put("Computer", "host1");
        fields.put("UserID", "S-1-5-21-1");
        fields.put("user_id", "S-1-5-21-1");
    }

    static Events event() {
        return new Events();
    }

    static WindowsEvent text(String scriptBlockText) {
        return event().with("ScriptBlockText", scriptBlockText).build();
    }

    Events with(String field, String value) {
        fields.put(field, value);
        return this;
    }

    Events without(String field) {
        fields.remove(field);
        return this;
    }

    Events at(String isoInstant) {
        this.time = Instant.parse(isoInstant);
        return this;
    }

    WindowsEvent build() {
        return new WindowsEvent(time, fields);
    }
}
