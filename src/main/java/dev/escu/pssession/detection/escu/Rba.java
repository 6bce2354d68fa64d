package dev.escu.pssession.detection.escu;

import java.util.List;
import java.util.function.Function;

/**
 * A detection's risk-based alerting: the message ({@code $field$} filled from the result row), the
 * risk objects and the threat objects. Read from {@code rba:}; for content written before it (ESCU
 * up to 2024), from {@code tags:} (see {@link #fromTags}).
 *
 * @param fromTags whether this was derived from the older {@code tags.message}, {@code tags.risk_score}
 *                 and {@code tags.observable}
 */
public record Rba(String message, List<RiskObject> riskObjects, List<ThreatObject> threatObjects, boolean fromTags) {

    /** No risk-based alerting (a hunting detection, for instance). */
    public static final Rba NONE = new Rba(null, List.of(), List.of(), false);

    public Rba {
        riskObjects = List.copyOf(riskObjects);
        threatObjects = List.copyOf(threatObjects);
    }

    /** The message with each {@code $field$} filled from a result row's fields (a field the row lacks stays as written). */
    public String messageFor(Function<String, String> fields) {
        return FieldTokens.fill(message, fields);
    }
}
