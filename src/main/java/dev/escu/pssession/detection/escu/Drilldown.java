package dev.escu.pssession.detection.escu;

/** A {@code drilldown_searches} entry, as written ({@code $field$} tokens and {@code %original_detection_search%} unfilled). */
public record Drilldown(String name, String search, String earliestOffset, String latestOffset) {
}
