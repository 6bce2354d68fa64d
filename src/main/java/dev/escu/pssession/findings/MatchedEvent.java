package dev.escu.pssession.findings;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One event a detection kept, ready to be recorded.
 *
 * @param columnsId   the detection's result columns (see {@link ResultColumns}): with the group hash, the finding
 * @param eventKey    the event's identity (a re-sent event has the same key)
 * @param groupHash   the identity of its result group among rows of those columns
 * @param groupValues the group-by values, after fillnull, in the detection's order
 * @param dest        the value of the group's {@code dest} field, or {@code null} when the detection has none
 * @param fields      the event's other fields, kept with it
 * @param evidence    why a native rule kept it (JSON), or {@code null}
 */
public record MatchedEvent(String detectionId, int columnsId, byte[] eventKey, byte[] groupHash, List<String> groupValues,
                           String dest, Instant time, Map<String, String> fields, String evidence) {
}
