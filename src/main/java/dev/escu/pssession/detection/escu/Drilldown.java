package dev.escu.pssession.detection.escu;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of a detection's {@code drilldown_searches}, as written, and which of the two drilldowns every
 * ESCU detection offers it is: its results for a value ({@code %original_detection_search% | search
 * dest = "$dest$"}), or the risk events of the last days ({@code | from datamodel Risk.All_Risk ...}).
 */
public record Drilldown(String name, String search, String earliestOffset, String latestOffset) {

    private static final Pattern TOKEN = Pattern.compile("\\$([A-Za-z0-9_.]+)\\$");

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
        LinkedHashSet<String> tokens = new LinkedHashSet<>();
        Matcher m = TOKEN.matcher(search == null ? "" : search);
        while (m.find()) {
            if (!m.group(1).startsWith("info_")) {
                tokens.add(m.group(1));
            }
        }
        return new ArrayList<>(tokens);
    }

    /** The name with each {@code $field$} filled from a result row (a field the row lacks stays as written). */
    public String nameFor(Map<String, String> row) {
        Matcher m = TOKEN.matcher(name == null ? "" : name);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = row.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
