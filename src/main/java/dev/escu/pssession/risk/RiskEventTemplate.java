package dev.escu.pssession.risk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.escu.pssession.detection.DetectionDefinition;
import dev.escu.pssession.detection.SplunkValues;

/** How a detection's definition fills the fields of its risk events. */
final class RiskEventTemplate {

    private static final Pattern TOKEN = Pattern.compile("\\$([A-Za-z0-9_.]+)\\$");

    private RiskEventTemplate() {
    }

    static String riskObject(DetectionDefinition detection, List<String> groupValues) {
        return value(detection, groupValues, detection.risk().objectField());
    }

    /** Assumption (DETECTION.md): normalized_risk_object is the risk object lowercased. */
    static String normalize(String riskObject) {
        return riskObject.toLowerCase(Locale.ROOT);
    }

    /** The risk message with each {@code $field$} replaced by the result's value. */
    static String message(DetectionDefinition detection, List<String> groupValues) {
        Matcher m = TOKEN.matcher(detection.risk().message());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = value(detection, groupValues, m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The definition's annotations, its {@code type} (one value, as DETECTION.md writes it:
     * {@code "type": "TTP"}), and {@code _all}.
     * Assumption (DETECTION.md): {@code _all} is the sorted distinct union of all annotation values.
     */
    static Map<String, Object> annotations(DetectionDefinition detection) {
        Map<String, Object> annotations = new TreeMap<>(detection.annotations());
        annotations.put("type", detection.type());
        Map<String, Object> withAll = new LinkedHashMap<>(annotations);
        withAll.put("_all", allValues(detection));
        return withAll;
    }

    /** {@code annotations._all}: every annotation value and the type, sorted, each once. */
    static List<String> allValues(DetectionDefinition detection) {
        List<String> all = new ArrayList<>();
        detection.annotations().values().forEach(all::addAll);
        all.add(detection.type());
        return SplunkValues.values(all);
    }

    private static String value(DetectionDefinition detection, List<String> groupValues, String field) {
        int index = detection.groupIndex(field);
        return index < 0 ? null : groupValues.get(index);
    }
}
