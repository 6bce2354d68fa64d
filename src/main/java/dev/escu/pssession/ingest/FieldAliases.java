package dev.escu.pssession.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.escu.pssession.detection.SplunkFields;

/**
 * Where each Splunk field comes from, in order of preference, across the formats the service reads:
 * Splunk's own names, the raw Windows names (XmlWinEventLog elements and attributes), the names
 * Winlogbeat and the Elastic Agent PowerShell integration use, and NXLog's (im_msvistalog with
 * to_json(): Hostname, ExecutionProcessID, OpcodeValue, EventTime). The one place to add a shape.
 */
final class FieldAliases {

    static final Map<String, List<String>> SOURCES;

    static {
        Map<String, List<String>> m = new LinkedHashMap<>();
        // host.name last: Elastic's name for the shipping host, which differs for forwarded events
        m.put(SplunkFields.DEST, List.of("dest", "Computer", "ComputerName", "winlog.computer_name", "Hostname", "host.name"));
        m.put(SplunkFields.EVENT_CODE, List.of("EventCode", "EventID", "winlog.event_id", "event.code"));
        m.put(SplunkFields.EVENT_ID, List.of("EventID", "EventCode", "winlog.event_id", "event.code"));
        m.put(SplunkFields.USER_ID, List.of("user_id", "UserID", "winlog.user.identifier", "user.id"));
        m.put(SplunkFields.GUID, List.of("Guid", "ProviderGuid", "winlog.provider_guid"));
        // not NXLog's SourceName: classic WinEventLog events carry a SourceName too, which was never read as Name
        // (their groups keep Name "0"); NXLog's recipe renames it (docs/shippers.md)
        m.put(SplunkFields.NAME, List.of("Name", "ProviderName", "winlog.provider_name"));
        // winlog.opcode and NXLog's Opcode are the rendered name ("On create calls"); WindowsOpcodes turns
        // it back into "15"; NXLog's OpcodeValue is the number itself
        m.put(SplunkFields.OPCODE, List.of("OpcodeValue", "Opcode", "winlog.opcode"));
        m.put(SplunkFields.PROCESS_ID, List.of("ProcessID", "winlog.process.pid", "process.pid", "ExecutionProcessID"));
        m.put(SplunkFields.THREAD_ID, List.of("ThreadID", "winlog.process.thread.id", "ExecutionThreadID"));
        m.put(SplunkFields.PATH, List.of("Path", "winlog.event_data.Path", "file.path"));
        m.put(SplunkFields.SCRIPT_BLOCK_ID, List.of("ScriptBlockId",
                "winlog.event_data.ScriptBlockId", "powershell.file.script_block_id"));
        m.put(SplunkFields.SCRIPT_BLOCK_TEXT, List.of("ScriptBlockText",
                "winlog.event_data.ScriptBlockText", "powershell.file.script_block_text"));
        m.put(SplunkFields.MESSAGE_NUMBER, List.of("MessageNumber",
                "winlog.event_data.MessageNumber", "powershell.sequence"));
        m.put(SplunkFields.MESSAGE_TOTAL, List.of("MessageTotal",
                "winlog.event_data.MessageTotal", "powershell.total"));
        m.put(SplunkFields.EVENT_RECORD_ID, List.of("EventRecordID", "RecordNumber", "winlog.record_id"));
        m.put(SplunkFields.CHANNEL, List.of("Channel", "LogName", "winlog.channel"));
        m.put(SplunkFields.LEVEL, List.of("Level"));
        m.put(SplunkFields.TASK, List.of("Task", "winlog.task"));
        m.put(SplunkFields.KEYWORDS, List.of("Keywords"));
        m.put(SplunkFields.SIGNATURE, List.of("signature"));
        m.put(SplunkFields.SIGNATURE_ID, List.of("signature_id"));
        m.put(SplunkFields.VENDOR_PRODUCT, List.of("vendor_product"));
        // the raw Windows names as the add-on extracts them from XmlWinEventLog, taken only from the same
        // raw names (a CIM dest or user_id is not a Computer or UserID)
        m.put(SplunkFields.COMPUTER, List.of("Computer", "winlog.computer_name", "Hostname"));
        m.put(SplunkFields.USER_ID_RAW, List.of("UserID", "winlog.user.identifier"));
        m.put(SplunkFields.ACTIVITY_ID, List.of("ActivityID", "winlog.activity_id"));
        m.put(SplunkFields.VERSION, List.of("Version", "winlog.version"));
        m.put(SplunkFields.SOURCE, List.of("source"));
        m.put(SplunkFields.SOURCETYPE, List.of("sourcetype"));
        SOURCES = Map.copyOf(m);
    }

    /**
     * Where the event itself records its time, in order of preference (Splunk's {@code _time} and
     * HEC's {@code time} come first; see EventNormalizer).
     */
    static final List<String> TIME = List.of("SystemTime", "TimeCreated", "TimeCreated.SystemTime",
            "@timestamp", "timestamp", "EventTime");

    private FieldAliases() {
    }
}
