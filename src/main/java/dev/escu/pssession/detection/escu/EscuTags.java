package dev.escu.pssession.detection.escu;

import java.util.List;
import java.util.Map;

/**
 * A detection's {@code tags}: the ones the service uses by name, and all of them as read
 * ({@code raw}: text, lists and maps, in file order) for anything else.
 */
public record EscuTags(List<String> analyticStories, List<String> mitreAttackIds, Map<String, Object> raw) {

    public EscuTags {
        analyticStories = List.copyOf(analyticStories);
        mitreAttackIds = List.copyOf(mitreAttackIds);
        raw = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(raw)); // YAML nulls allowed, so no Map.copyOf
    }
}
