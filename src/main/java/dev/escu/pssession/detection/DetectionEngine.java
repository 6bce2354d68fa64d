package dev.escu.pssession.detection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.escu.pssession.detection.escu.EscuDetection;

/**
 * Runs every detection's search on single events, all in one pass: the matcher decides each
 * detection's first search command from one scan of the event's values, then each kept detection's
 * steps before {@code stats} (fillnull, rename, ...) give the event's result key, the searches after
 * {@code stats} (the {@code _filter} macro) may drop its row, and the tuning filter may too.
 * Aggregating the keys into counts and times is the job of whoever stores them.
 */
public final class DetectionEngine {

    private final RunningDetections detections;

    DetectionEngine(RunningDetections detections) {
        this.detections = detections;
    }

    /** One hit per detection whose search keeps this event, with the tuning filter's verdict. */
    public List<Hit> evaluate(WindowsEvent event, ResultFilter filter) {
        int[] matching = detections.matcher().matching(event);
        if (matching.length == 0) {
            return List.of();
        }
        List<Hit> hits = new ArrayList<>(matching.length);
        for (int index : matching) {
            EscuDetection detection = detections.all().get(index);
            Optional<List<String>> group = detection.search().groupOfMatch(event);
            if (group.isEmpty() || !detection.search().keepsRow(group.get())) {
                continue;
            }
            Map<String, Object> evidence = null;
            NativeRule rule = detections.nativeRule(detection);
            if (rule != null) {
                Optional<Map<String, Object>> judged = rule.judge(event);
                if (judged.isEmpty()) {
                    continue;
                }
                evidence = judged.get();
            }
            hits.add(hit(detection, event, new ResultKey(group.get()), filter, evidence));
        }
        return hits;
    }

    /**
     * Whether a detection whose search keeps this event judges it only as part of a whole (a part of a
     * split script block): the caller keeps the part until the whole can be judged.
     */
    public boolean judgesWhole(WindowsEvent event) {
        for (EscuDetection detection : detections.judgedByNativeRules()) {
            if (detections.nativeRule(detection).judgesWhole(event) && detection.search().keeps(event)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The hit of a detection that keeps an event it judged itself (a reassembled script block), with
     * the result key its search gives the event and the tuning filter's verdict.
     */
    public Optional<Hit> judgedHit(EscuDetection detection, WindowsEvent event, ResultFilter filter,
                                   Map<String, Object> evidence) {
        return detection.search().group(event).filter(group -> detection.search().keepsRow(group))
                .map(group -> hit(detection, event, new ResultKey(group), filter, evidence));
    }

    private static Hit hit(EscuDetection detection, WindowsEvent event, ResultKey key, ResultFilter filter,
                           Map<String, Object> evidence) {
        return new Hit(detection, event, key, filter.drops(detection, new ResultRow(detection, key)), evidence);
    }

    /**
     * An event kept by a detection's search, with its result key, the filter rule if tuned out, and the
     * evidence of a native rule ({@code null} for a search alone).
     */
    public record Hit(EscuDetection detection, WindowsEvent event, ResultKey key, Optional<String> filteredBy,
                      Map<String, Object> evidence) {

        public boolean filtered() {
            return filteredBy.isPresent();
        }
    }
}
