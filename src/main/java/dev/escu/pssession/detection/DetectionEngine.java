package dev.escu.pssession.detection;

import java.util.ArrayList;
import java.util.List;
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
            ResultKey key = new ResultKey(group.get());
            hits.add(new Hit(detection, event, key, filter.drops(detection, new ResultRow(detection, key))));
        }
        return hits;
    }

    /** An event kept by a detection's search, with its result key and, if tuned out, the filter rule. */
    public record Hit(EscuDetection detection, WindowsEvent event, ResultKey key, Optional<String> filteredBy) {

        public boolean filtered() {
            return filteredBy.isPresent();
        }
    }
}
