package dev.escu.pssession.risk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.escu.pssession.detection.ResultKey;
import dev.escu.pssession.detection.ResultRow;
import dev.escu.pssession.detection.SplunkValues;
import dev.escu.pssession.detection.escu.EscuDetection;
import dev.escu.pssession.detection.escu.RiskObject;
import dev.escu.pssession.detection.escu.ThreatObject;

/** How a detection's definition (its {@code rba} and tags) fills the fields of its risk events. */
final class RiskEventTemplate {

    /**
     * Tags that Splunk's build turns into risk event annotations beside {@code mitre_attack} and
     * {@code analytic_story}, when the content gives them (ESCU files of 2022 did; the seed's does).
     */
    private static final List<String> ANNOTATION_TAGS = List.of("cis20", "cve", "kill_chain_phases", "mitre_tactic", "nist");

    private RiskEventTemplate() {
    }

    /** One risk event's own values: its object, and the message and threat objects of its row. */
    record RiskValues(RiskObject object, String value, String normalized, String message, List<Map<String, String>> threats) {
    }

    /** A risk event per risk object whose field the row has (ESCU's rba: dest as system, user as user, ...). */
    static List<RiskValues> of(EscuDetection detection, List<String> groupValues) {
        ResultRow row = new ResultRow(detection, new ResultKey(groupValues));
        List<RiskValues> events = new ArrayList<>();
        if (detection.rba().riskObjects().isEmpty()) {
            return events;
        }
        String message = detection.rba().messageFor(row::field);
        List<Map<String, String>> threats = threats(detection, row);
        for (RiskObject object : detection.rba().riskObjects()) {
            String value = row.field(object.field());
            if (value != null) {
                events.add(new RiskValues(object, value, normalize(value), message, threats));
            }
        }
        return events;
    }

    /** Assumption (DETECTION.md): normalized_risk_object is the risk object lowercased. */
    static String normalize(String riskObject) {
        return riskObject.toLowerCase(Locale.ROOT);
    }

    /** The row's threat objects, as Splunk's risk events carry them. */
    static List<Map<String, String>> threats(EscuDetection detection, ResultRow row) {
        List<Map<String, String>> threats = new ArrayList<>();
        for (ThreatObject threat : detection.rba().threatObjects()) {
            String value = row.field(threat.field());
            if (value != null) {
                Map<String, String> object = new LinkedHashMap<>();
                object.put("threat_object", value);
                object.put("threat_object_type", threat.type());
                threats.add(object);
            }
        }
        return threats;
    }

    /**
     * The detection's annotations: {@code analytic_story}, {@code mitre_attack} and the tags Splunk's build
     * carries over (lists), its {@code type} (one value, as DETECTION.md writes it: {@code "type": "TTP"}),
     * and {@code _all}. Assumption (DETECTION.md): {@code _all} is the sorted distinct union of all values.
     */
    static Map<String, Object> annotations(EscuDetection detection) {
        Map<String, List<String>> lists = lists(detection);
        Map<String, Object> annotations = new TreeMap<>(lists);
        annotations.put("type", detection.type());
        Map<String, Object> withAll = new LinkedHashMap<>(annotations);
        withAll.put("_all", allValues(detection));
        return withAll;
    }

    /** {@code annotations._all}: every annotation value and the type, sorted, each once. */
    static List<String> allValues(EscuDetection detection) {
        List<String> all = new ArrayList<>();
        lists(detection).values().forEach(all::addAll);
        all.add(detection.type());
        return SplunkValues.values(all);
    }

    private static Map<String, List<String>> lists(EscuDetection detection) {
        Map<String, List<String>> lists = new TreeMap<>();
        lists.put("analytic_story", detection.tags().analyticStories());
        lists.put("mitre_attack", detection.tags().mitreAttackIds());
        for (String tag : ANNOTATION_TAGS) {
            Object value = detection.tags().raw().get(tag);
            if (value instanceof List<?> list) {
                lists.put(tag, list.stream().map(String::valueOf).toList());
            } else if (value != null) {
                lists.put(tag, List.of(String.valueOf(value)));
            }
        }
        return lists;
    }
}
