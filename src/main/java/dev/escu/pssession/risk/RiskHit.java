package dev.escu.pssession.risk;

import java.time.Instant;
import java.util.List;

import dev.escu.pssession.detection.DetectionDefinition;

/**
 * New matching events of one finding inside one detection window: enough to raise, or to keep,
 * that window's risk event.
 *
 * @param groupValues the finding's group-by values, in the definition's order
 * @param firstTime   the earliest of the new events' times
 */
public record RiskHit(DetectionDefinition detection, long findingId, List<String> groupValues,
                      Instant windowStart, Instant firstTime) {
}
