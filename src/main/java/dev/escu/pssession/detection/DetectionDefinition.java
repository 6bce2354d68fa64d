package dev.escu.pssession.detection;

import java.util.List;
import java.util.Map;

/**
 * One detection as the engine reads it (see {@code resources/detections/*.yml}). Everything the
 * service says about a detection (matching, grouping, risk, annotations, drilldowns) comes from here.
 */
public record DetectionDefinition(
        String id,
        String name,
        int version,
        String date,
        String type,
        String searchName,
        String description,
        String dataSource,
        String securityDomain,
        String assetType,
        String search,
        String filterMacro,
        MatchDefinition match,
        List<String> groupBy,
        List<MitreTechnique> mitreAttack,
        List<String> analyticStories,
        String knownFalsePositives,
        List<String> references,
        RiskDefinition risk,
        Map<String, List<String>> annotations,
        List<DrilldownDefinition> drilldowns) {

    public DetectionDefinition {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("detection " + id + " has no type (TTP, Anomaly, ...)");
        }
        groupBy = List.copyOf(groupBy);
        mitreAttack = List.copyOf(mitreAttack);
        analyticStories = List.copyOf(analyticStories);
        references = references == null ? List.of() : List.copyOf(references);
        annotations = Map.copyOf(annotations);
        drilldowns = List.copyOf(drilldowns);
    }

    /** The search's filter: allowed sources (the `powershell` macro), EventCode and contained terms. */
    public record MatchDefinition(List<String> sources, String eventCode, List<Contains> contains) {
        public MatchDefinition {
            sources = List.copyOf(sources);
            contains = List.copyOf(contains);
        }
    }

    /** {@code field="*value*"}: Splunk search terms ignore case. */
    public record Contains(String field, String value) {
    }

    public record MitreTechnique(String id, String technique, String tactic) {
    }

    public record RiskDefinition(String objectField, String objectType, int score, String message,
                                 List<String> threatObjects) {
        public RiskDefinition {
            threatObjects = threatObjects == null ? List.of() : List.copyOf(threatObjects);
        }
    }

    /**
     * A Splunk drilldown search; {@code kind} says which endpoint of this service answers it
     * ({@code results}: drilldown 1, {@code risk-summary}: drilldown 2).
     */
    public record DrilldownDefinition(String name, String kind, String search, String earliest, String latest) {
    }

    /** Position of a group-by field in a result key. */
    public int groupIndex(String field) {
        return groupBy.indexOf(field);
    }
}
