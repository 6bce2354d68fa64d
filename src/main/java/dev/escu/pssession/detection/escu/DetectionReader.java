package dev.escu.pssession.detection.escu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.escu.pssession.detection.spl.CompiledSearch;
import dev.escu.pssession.detection.spl.Macros;
import dev.escu.pssession.detection.spl.SearchCompiler;
import dev.escu.pssession.detection.spl.UnsupportedSearchException;

/** Turns one detection file's YAML into an {@link EscuDetection}, or the reason it does not run. */
final class DetectionReader {

    private DetectionReader() {
    }

    /** A file read far enough to know the detection's id and name. */
    /** @param version the detection's version, or 0 when it has none that can be read */
    record Identified(String file, YamlValues yaml, String id, String name, int version) {
    }

    static Identified identify(String file, Object document) throws MalformedContentException {
        YamlValues yaml = YamlValues.of(document, "the detection file");
        String name = yaml.text("name");
        String id = yaml.text("id");
        int version;
        try {
            version = yaml.requiredWholeNumber("version");
        } catch (MalformedContentException e) {
            version = 0; // compile() reports it
        }
        return new Identified(file, yaml, id == null ? null : id.strip(), name, version);
    }

    /** The detection, or a skip: missing keys, another data source, a search outside the subset. */
    static Object compile(Identified read, Macros macros, ContentLimits limits) {
        try {
            YamlValues yaml = read.yaml();
            String name = yaml.requiredText("name");
            String id = yaml.requiredText("id").strip();
            int version = yaml.requiredWholeNumber("version");
            String type = yaml.requiredText("type");
            String searchText = yaml.requiredText("search");
            List<String> dataSources = yaml.texts("data_source");
            if (dataSources.stream().noneMatch(PowerShell4104.DATA_SOURCE::equalsIgnoreCase)) {
                return new SkippedDetection(read.file(), read.id(), read.name(), "data source "
                        + (dataSources.isEmpty() ? "missing" : dataSources.toString()) + " is not "
                        + PowerShell4104.DATA_SOURCE, null, true);
            }
            CompiledSearch search;
            try {
                search = SearchCompiler.compile(searchText, macros, PowerShell4104.CARRIED_FIELDS, limits.search());
            } catch (UnsupportedSearchException e) {
                return skip(read, e.reason(), e.position());
            }
            YamlValues tags = yaml.mapping("tags");
            return new EscuDetection(id, name, version, yaml.text("date"), yaml.text("author"), yaml.text("status"), type,
                    yaml.text("description", ""), dataSources, yaml.text("how_to_implement", ""),
                    yaml.text("known_false_positives", ""), yaml.texts("references"), drilldowns(yaml), rba(yaml, tags),
                    tags(tags), searchText, read.file(), search);
        } catch (MalformedContentException e) {
            return skip(read, e.getMessage(), null);
        }
    }

    private static SkippedDetection skip(Identified read, String reason, Integer position) {
        return new SkippedDetection(read.file(), read.id(), read.name(), reason, position);
    }

    private static List<Drilldown> drilldowns(YamlValues yaml) throws MalformedContentException {
        List<Drilldown> drilldowns = new ArrayList<>();
        for (YamlValues drilldown : yaml.mappings("drilldown_searches")) {
            drilldowns.add(new Drilldown(drilldown.text("name"), drilldown.text("search"), drilldown.text("earliest_offset"),
                    drilldown.text("latest_offset")));
        }
        return drilldowns;
    }

    /** {@code rba:} when present; else the older tags (ESCU before 2025), see {@link #rbaFromTags}. */
    private static Rba rba(YamlValues yaml, YamlValues tags) throws MalformedContentException {
        YamlValues rba = yaml.mapping("rba");
        if (rba == null) {
            return tags == null ? Rba.NONE : rbaFromTags(tags);
        }
        List<RiskObject> risks = new ArrayList<>();
        for (YamlValues risk : rba.mappings("risk_objects")) {
            risks.add(new RiskObject(risk.requiredText("field"), risk.requiredText("type"), risk.requiredWholeNumber("score")));
        }
        List<ThreatObject> threats = new ArrayList<>();
        for (YamlValues threat : rba.mappings("threat_objects")) {
            threats.add(new ThreatObject(threat.requiredText("field"), threat.requiredText("type")));
        }
        return new Rba(rba.text("message"), risks, threats, false);
    }

    /**
     * The documented fallback for content without {@code rba:}: the message is {@code tags.message};
     * observables of type Endpoint, Hostname or IP Address are risk objects of type {@code system},
     * of type User risk objects of type {@code user}, each scored {@code tags.risk_score}; every
     * other observable is a threat object whose type is the observable's, lower-cased with
     * non-alphanumerics as {@code _} ({@code File Name} becomes {@code file_name}).
     */
    static Rba rbaFromTags(YamlValues tags) throws MalformedContentException {
        List<RiskObject> risks = new ArrayList<>();
        List<ThreatObject> threats = new ArrayList<>();
        List<YamlValues> observables = tags.mappings("observable");
        for (YamlValues observable : observables) {
            String field = observable.requiredText("name");
            String type = observable.requiredText("type");
            String riskType = switch (type.strip().toLowerCase(Locale.ROOT)) {
                case "endpoint", "hostname", "ip address" -> "system";
                case "user" -> "user";
                default -> null;
            };
            if (riskType != null) {
                risks.add(new RiskObject(field, riskType, tags.requiredWholeNumber("risk_score")));
            } else {
                threats.add(new ThreatObject(field, type.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")));
            }
        }
        return new Rba(tags.text("message"), risks, threats, true);
    }

    private static EscuTags tags(YamlValues tags) throws MalformedContentException {
        if (tags == null) {
            return new EscuTags(List.of(), List.of(), Map.of());
        }
        return new EscuTags(tags.texts("analytic_story"), tags.texts("mitre_attack_id"), tags.raw());
    }
}
