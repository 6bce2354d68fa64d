package dev.escu.pssession.ingest.format.evtx;

import java.util.Map;

/**
 * An element, attribute or entity name of a chunk, read once per chunk and then found by its
 * offset. {@code local} drops a namespace prefix as the XML parser does; {@code role} says which
 * of the names the field reader looks for it is, so names are compared as numbers.
 *
 * @param qualified the name as written
 * @param local     the name after any {@code prefix:}
 * @param role      one of the role constants, {@link #OTHER} for any other name
 * @param size      the bytes the name takes where it is stored (skipped when it is stored in place)
 */
record Name(String qualified, String local, int role, int size) {

    static final int OTHER = 0;
    static final int SYSTEM = 1;
    static final int EVENT_DATA = 2;
    static final int DATA = 3;
    // System children whose attributes are fields
    static final int PROVIDER = 4;
    static final int TIME_CREATED = 5;
    static final int CORRELATION = 6;
    static final int EXECUTION = 7;
    static final int SECURITY = 8;
    // attributes that are fields
    static final int NAME = 9;
    static final int GUID = 10;
    static final int SYSTEM_TIME = 11;
    static final int ACTIVITY_ID = 12;
    static final int PROCESS_ID = 13;
    static final int THREAD_ID = 14;
    static final int USER_ID = 15;
    /** System children whose text is a field, as {@code XmlEventFormat} reads them: this role and above. */
    static final int SYSTEM_TEXT = 16;

    private static final Map<String, Integer> ROLES = Map.ofEntries(
            Map.entry("System", SYSTEM), Map.entry("EventData", EVENT_DATA), Map.entry("Data", DATA),
            Map.entry("Provider", PROVIDER), Map.entry("TimeCreated", TIME_CREATED),
            Map.entry("Correlation", CORRELATION), Map.entry("Execution", EXECUTION), Map.entry("Security", SECURITY),
            Map.entry("Name", NAME), Map.entry("Guid", GUID), Map.entry("SystemTime", SYSTEM_TIME),
            Map.entry("ActivityID", ACTIVITY_ID), Map.entry("ProcessID", PROCESS_ID), Map.entry("ThreadID", THREAD_ID),
            Map.entry("UserID", USER_ID),
            Map.entry("EventID", SYSTEM_TEXT), Map.entry("Version", SYSTEM_TEXT + 1), Map.entry("Level", SYSTEM_TEXT + 2),
            Map.entry("Task", SYSTEM_TEXT + 3), Map.entry("Opcode", SYSTEM_TEXT + 4), Map.entry("Keywords", SYSTEM_TEXT + 5),
            Map.entry("EventRecordID", SYSTEM_TEXT + 6), Map.entry("Channel", SYSTEM_TEXT + 7),
            Map.entry("Computer", SYSTEM_TEXT + 8));

    static Name of(String qualified, int size) {
        int colon = qualified.indexOf(':');
        String local = colon < 0 ? qualified : qualified.substring(colon + 1);
        return new Name(qualified, local, ROLES.getOrDefault(local, OTHER), size);
    }

    boolean isSystemText() {
        return role >= SYSTEM_TEXT;
    }
}
