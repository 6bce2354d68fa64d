package dev.escu.pssession.detection.escu;

import java.util.Set;

/** What this service knows of the one data source it runs: PowerShell Script Block Logging, EventCode 4104. */
public final class PowerShell4104 {

    /** The {@code data_source} entry a detection must list (compared case-insensitively). */
    public static final String DATA_SOURCE = "Powershell Script Block Logging 4104";

    /**
     * The fields a 4104 event can carry: DETECTION.md's field table, grown to what the Splunk Add-on
     * for Microsoft Windows extracts from a 4104 event (its XML System and EventData elements under
     * their own names: {@code Computer}, {@code UserID}, {@code ActivityID}, ...) and the fields every
     * Splunk event has ({@code source}, {@code sourcetype}, {@code host}). A search that groups BY a
     * field outside this list (and not created by an earlier rename or eval) would give no rows in
     * Splunk, so it is skipped.
     */
    public static final Set<String> CARRIED_FIELDS = Set.of(
            // DETECTION.md, "Fields"
            "_time", "dest", "signature", "signature_id", "user_id", "vendor_product", "EventID", "Guid", "Opcode", "Name",
            "Path", "ProcessID", "ScriptBlockId", "ScriptBlockText", "MessageNumber", "MessageTotal", "EventRecordID",
            "Channel", "Level", "Task", "Keywords", "ThreadID",
            // the add-on's raw System fields of a 4104 event
            "EventCode", "Computer", "UserID", "ActivityID", "Version", "SystemTime",
            // every Splunk event
            "source", "sourcetype", "host");

    private PowerShell4104() {
    }
}
