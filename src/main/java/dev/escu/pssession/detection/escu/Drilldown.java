package dev.escu.pssession.detection.escu;

import java.util.List;
import java.util.Map;

/**
 * One of a detection's {@code drilldown_searches}, as written, and which of the two drilldowns every
 * ESCU detection offers it is: its results for a value ({@code %original_detection_search% | search
 * dest = "$dest$"}), or the risk events of the last days ({@code | from datamodel Risk.All_Risk ...}).
 */
public record Drilldown(String name, String search, String earliestOffset, String latestOffset) {

    /** What a drilldown shows. */
    public enum Kind { RESULTS, RISK_SUMMARY, OTHER }

    public Kind kind() {
        if (search == null) {
            return Kind.OTHER;
        }
        if (search.contains("%original_detection_search%")) {
            return tokens().isEmpty() ? Kind.OTHER : Kind.RESULTS;
        }
        if (search.contains("Risk.All_Risk") && search.contains("normalized_risk_object")) {
            return tokens().isEmpty() ? Kind.OTHER : Kind.RISK_SUMMARY;
        }
        return Kind.OTHER;
    }

    /** The result fields the search is filled with ({@code $dest$}), in order, each once; Splunk's own tokens excluded. */
    public List<String> tokens() {
        return FieldTokens.named(search).stream().filter(field -> !field.startsWith("info_")).toList();
    }

    /** The name with each {@code $field$} filled from a result row (a field the row lacks stays as written). */
    public String nameFor(Map<String, String> row) {
        return FieldTokens.fill(name, row::get);
    }
}
