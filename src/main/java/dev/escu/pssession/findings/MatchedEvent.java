package dev.escu.pssession.findings;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One event a detection kept, ready to be recorded.
 *
 * @param eventKey    the event's identity (a re-sent event has the same key)
 * @param groupHash   the identity of its result group
 * @param groupValues the group-by values, after fillnull, in the definition's order
 * @param fields      the event's other fields, kept with it
 */
public record MatchedEvent(String detectionId, byte[] eventKey, byte[] groupHash, List<String> groupValues,
                           String dest, Instant time, Map<String, String> fields) {
}
