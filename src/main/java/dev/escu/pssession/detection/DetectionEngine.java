package dev.escu.pssession.detection;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the detections' searches on single events: the source macro, the EventCode, the contained
 * terms, then fillnull and the group key of {@code stats ... BY}. Aggregating the keys into
 * counts and times is the job of whoever stores them.
 */
public final class DetectionEngine {

    /** fillnull: Splunk's default value for a missing or empty field. */
    public static final String FILLNULL_VALUE = "0";

    private final List<DetectionDefinition> detections;

    public DetectionEngine(DetectionCatalog catalog) {
        this.detections = catalog.all();
    }

    /** One hit per detection whose search keeps this event, with the filter's verdict. */
    public List<Hit> evaluate(WindowsEvent event, ResultFilter filter) {
        List<Hit> hits = new ArrayList<>(1);
        for (DetectionDefinition detection : detections) {
            if (matches(detection, event)) {
                ResultKey key = resultKey(detection, event);
                Optional<String> filteredBy = filter.drops(detection, new ResultRow(detection, key));
                hits.add(new Hit(detection, event, key, filteredBy));
            }
        }
        return hits;
    }

    /** The search up to {@code fillnull}: source macro, EventCode and every contained term. */
    public static boolean matches(DetectionDefinition detection, WindowsEvent event) {
        DetectionDefinition.MatchDefinition match = detection.match();
        return sourceAllowed(match, event.field(SplunkFields.SOURCE))
                && eventCodeMatches(match, event.field(SplunkFields.EVENT_CODE))
                && containsAll(match, event);
    }

    /** fillnull, then the values of the BY fields in the definition's order. */
    public static ResultKey resultKey(DetectionDefinition detection, WindowsEvent event) {
        List<String> values = new ArrayList<>(detection.groupBy().size());
        for (String field : detection.groupBy()) {
            String value = event.field(field);
            values.add(value == null ? FILLNULL_VALUE : value);
        }
        return new ResultKey(values);
    }

    // The `powershell` macro: source is one of a list, compared case-insensitively. An event that
    // carries no source at all (a plain JSON event) is taken as PowerShell Operational.
    private static boolean sourceAllowed(DetectionDefinition.MatchDefinition match, String source) {
        if (source == null) {
            return true;
        }
        for (String allowed : match.sources()) {
            if (CaseInsensitive.equals(allowed, source)) {
                return true;
            }
        }
        return false;
    }

    // EventCode=4104, compared as a string after trimming.
    private static boolean eventCodeMatches(DetectionDefinition.MatchDefinition match, String eventCode) {
        return eventCode != null && eventCode.strip().equals(match.eventCode());
    }

    // ScriptBlockText="*Enter-PSSession*" AND ScriptBlockText="*-ComputerName*": wildcards on both
    // sides, search terms ignore case, and a missing field matches nothing.
    private static boolean containsAll(DetectionDefinition.MatchDefinition match, WindowsEvent event) {
        for (DetectionDefinition.Contains term : match.contains()) {
            String value = event.field(term.field());
            if (value == null || !CaseInsensitive.contains(value, term.value())) {
                return false;
            }
        }
        return true;
    }

    /** An event kept by a detection's search, with its result key and, if tuned out, the filter rule. */
    public record Hit(DetectionDefinition detection, WindowsEvent event, ResultKey key, Optional<String> filteredBy) {

        public boolean filtered() {
            return filteredBy.isPresent();
        }
    }
}
