package dev.escu.pssession.ingest;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What one ingest request did. {@code received - accepted} events were rejected; the first ones
 * are listed with their 0-based position in the body and the reason.
 */
@Schema(example = """
        {"received": 4, "accepted": 4, "rejected": [], "matched": 2, "duplicates": 0, "filtered": 0,
         "findingsUpdated": 2, "riskEventsCreated": 2}""")
public record IngestReport(
        @Schema(description = "events found in the body", requiredMode = Schema.RequiredMode.REQUIRED) long received,
        @Schema(description = "events read and normalised", requiredMode = Schema.RequiredMode.REQUIRED) long accepted,
        @Schema(description = "rejected events (the first ones), by position in the body", requiredMode = Schema.RequiredMode.REQUIRED) List<Rejection> rejected,
        @Schema(description = "events kept by a detection's search", requiredMode = Schema.RequiredMode.REQUIRED) long matched,
        @Schema(description = "matched events that were already known (re-sent)", requiredMode = Schema.RequiredMode.REQUIRED) long duplicates,
        @Schema(description = "matched events dropped by a tuning filter", requiredMode = Schema.RequiredMode.REQUIRED) long filtered,
        @Schema(description = "findings created or updated", requiredMode = Schema.RequiredMode.REQUIRED) long findingsUpdated,
        @Schema(description = "risk events created", requiredMode = Schema.RequiredMode.REQUIRED) long riskEventsCreated) {

    /** One rejected event. */
    public record Rejection(@Schema(description = "0-based position of the event in the body", requiredMode = Schema.RequiredMode.REQUIRED) long index,
                            String reason) {
    }
}
