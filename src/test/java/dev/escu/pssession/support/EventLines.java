package dev.escu.pssession.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/** Builds NDJSON bodies of PowerShell 4104 events (Splunk field names) for HTTP tests. */
public final class EventLines {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static int recordIds = 1000;

    private final List<Map<String, Object>> events = new ArrayList<>();

    public static EventLines events() {
        return new EventLines();
    }

    /** A matching event on {@code dest} at {@code time}, with its own EventRecordID. */
    public EventLines matching(String dest, String isoTime) {
        return add(dest, isoTime, "Enter-PSSession -ComputerName SQL02.contoso.local", nextRecordId());
    }

    public EventLines add(String dest, String isoTime, String scriptBlockText, String recordId) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("_time", Instant.parse(isoTime).toString());
        event.put("source", "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational");
        event.put("EventCode", "4104");
        event.put("dest", dest);
        event.put("user_id", "S-1-5-21-3623811015-3361044348-30300820-1013");
        event.put("Guid", "{A0C1853B-5C40-4B15-8766-3CF1C58F985A}");
        event.put("Name", "Microsoft-Windows-PowerShell");
        event.put("Opcode", "15");
        event.put("ProcessID", "6120");
        event.put("Channel", "Microsoft-Windows-PowerShell/Operational");
        event.put("EventRecordID", recordId);
        event.put("ScriptBlockId", "3f9d2a71-5b0e-4c3a-9a1e-7d2b8c0f6e21");
        event.put("ScriptBlockText", scriptBlockText);
        events.add(event);
        return this;
    }

    /** Changes a field of the last event added. */
    public EventLines with(String field, Object value) {
        events.get(events.size() - 1).put(field, value);
        return this;
    }

    public String ndjson() {
        StringBuilder body = new StringBuilder();
        for (Map<String, Object> event : events) {
            body.append(JSON.writeValueAsString(event)).append('\n');
        }
        return body.toString();
    }

    public static synchronized String nextRecordId() {
        return String.valueOf(++recordIds);
    }
}
