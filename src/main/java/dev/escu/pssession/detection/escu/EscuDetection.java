package dev.escu.pssession.detection.escu;

import java.util.List;

import dev.escu.pssession.detection.spl.CompiledSearch;

/**
 * An ESCU detection that runs: its metadata as written and its search compiled. Nothing downstream
 * reads YAML or SPL again.
 *
 * @param searchText the {@code search} as written in the file
 * @param file       where it came from: the path relative to the content folder, or a label for bundled content
 * @param search     the compiled search
 */
public record EscuDetection(
        String id,
        String name,
        int version,
        String date,
        String author,
        String status,
        String type,
        String description,
        List<String> dataSources,
        String howToImplement,
        String knownFalsePositives,
        List<String> references,
        List<Drilldown> drilldowns,
        Rba rba,
        EscuTags tags,
        String searchText,
        String file,
        CompiledSearch search) {

    public EscuDetection {
        dataSources = List.copyOf(dataSources);
        references = List.copyOf(references);
        drilldowns = List.copyOf(drilldowns);
    }

    /** The saved search's name in Splunk Enterprise Security: {@code ESCU - <name> - Rule}. */
    public String searchName() {
        return "ESCU - " + name + " - Rule";
    }
}
