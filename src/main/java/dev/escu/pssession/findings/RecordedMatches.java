package dev.escu.pssession.findings;

import java.time.Instant;
import java.util.List;

/**
 * What recording a batch of matched events changed.
 *
 * @param staged          events handed in
 * @param recorded        events that were new (the rest were already known)
 * @param findingsUpdated findings created or updated
 * @param windows         the new events per finding and time window, for risk-based alerting
 */
public record RecordedMatches(long staged, long recorded, int findingsUpdated, List<WindowHits> windows) {

    public long duplicates() {
        return staged - recorded;
    }

    /** New events of one finding inside one time window. */
    public record WindowHits(long findingId, String detectionId, List<String> groupValues,
                             Instant windowStart, Instant firstTime, long count) {
    }
}
