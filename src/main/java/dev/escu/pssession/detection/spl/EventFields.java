package dev.escu.pssession.detection.spl;

import dev.escu.pssession.detection.SplunkFields;
import dev.escu.pssession.detection.WindowsEvent;

/**
 * How a compiled search reads a field of an event: every lookup of the search, the one-pass matcher
 * and the grouping goes through {@link #value}, so what an event "has" is decided here only.
 */
public final class EventFields {

    /**
     * The {@code source} of an event that carries none. Assumption (DETECTION.md step 1): a plain
     * JSON event without a source is taken as PowerShell Operational, so the {@code powershell}
     * macro keeps it and a {@code BY source} groups it under this value.
     */
    public static final String SOURCELESS_EVENT_SOURCE = "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational";

    private EventFields() {
    }

    /** The field's value, or null when the event lacks it (empty values count as missing, as Splunk drops them). */
    public static String value(WindowsEvent event, String field) {
        String value = event.field(field);
        if (value == null && SplunkFields.SOURCE.equals(field)) {
            return SOURCELESS_EVENT_SOURCE;
        }
        if (value != null && SplunkFields.EVENT_CODE.equals(field)) {
            // DETECTION.md step 2: EventCode is compared as a string after trimming
            String trimmed = value.strip();
            return trimmed.isEmpty() ? null : trimmed;
        }
        return value;
    }
}
