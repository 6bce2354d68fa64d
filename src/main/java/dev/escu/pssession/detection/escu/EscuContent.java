package dev.escu.pssession.detection.escu;

import java.util.List;
import java.util.Optional;

import dev.escu.pssession.detection.MatchPrefilter;
import dev.escu.pssession.detection.spl.Macros;
import dev.escu.pssession.detection.spl.SearchMatcher;

/**
 * What a content load gives: the detections that run (sorted by file), the files that do not with
 * their reasons, and the macros the searches were expanded with.
 */
public record EscuContent(List<EscuDetection> detections, List<SkippedDetection> skipped, Macros macros) {

    public EscuContent {
        detections = List.copyOf(detections);
        skipped = List.copyOf(skipped);
    }

    public Optional<EscuDetection> find(String id) {
        return detections.stream().filter(d -> d.id().equalsIgnoreCase(id)).findFirst();
    }

    /** The one-pass matcher over the detections' first search commands, indexed as {@link #detections()} (built on each call: keep it with the content). */
    public SearchMatcher matcher() {
        return SearchMatcher.of(detections.stream().map(EscuDetection::search).toList());
    }

    /** The byte prefilter over the detections' ScriptBlockText terms (built on each call: keep it with the content). */
    public MatchPrefilter prefilter() {
        return MatchPrefilter.of(detections.stream().map(d -> d.search().scriptBlockTerms()).toList());
    }
}
