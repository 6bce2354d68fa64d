package dev.escu.pssession.detection;

/** Field names as the Splunk Add-on for Microsoft Windows extracts them from XmlWinEventLog. */
public final class SplunkFields {

    public static final String SOURCE = "source";
    public static final String SOURCETYPE = "sourcetype";
    public static final String EVENT_CODE = "EventCode";
    public static final String DEST = "dest";
    public static final String SIGNATURE = "signature";
    public static final String SIGNATURE_ID = "signature_id";
    public static final String USER_ID = "user_id";
    public static final String VENDOR_PRODUCT = "vendor_product";
    public static final String EVENT_ID = "EventID";
    public static final String GUID = "Guid";
    public static final String OPCODE = "Opcode";
    public static final String NAME = "Name";
    public static final String PATH = "Path";
    public static final String PROCESS_ID = "ProcessID";
    public static final String SCRIPT_BLOCK_ID = "ScriptBlockId";
    public static final String SCRIPT_BLOCK_TEXT = "ScriptBlockText";
    public static final String MESSAGE_NUMBER = "MessageNumber";
    public static final String MESSAGE_TOTAL = "MessageTotal";
    public static final String EVENT_RECORD_ID = "EventRecordID";
    public static final String CHANNEL = "Channel";
    public static final String LEVEL = "Level";
    public static final String TASK = "Task";
    public static final String KEYWORDS = "Keywords";
    public static final String THREAD_ID = "ThreadID";
    // The add-on also keeps the raw Windows names beside the CIM ones; older ESCU searches group by them.
    public static final String COMPUTER = "Computer";
    public static final String USER_ID_RAW = "UserID";
    public static final String ACTIVITY_ID = "ActivityID";
    public static final String VERSION = "Version";

    private SplunkFields() {
    }
}
