package dev.escu.pssession.detection;

import java.util.ArrayList;
import java.util.List;

/**
 * What makes two deliveries the same event, so that a re-sent event is counted once.
 * Windows numbers each channel's records per computer, so {@code Computer + Channel + EventRecordID}
 * identifies an event; without them the event's content does.
 */
public final class EventIdentity {

    private EventIdentity() {
    }

    /** The identity of a script block judged whole: judging it again is the same event. */
    public static byte[] ofScriptBlock(String scriptBlockId) {
        return ResultKey.Digests.sha256(List.of("script-block", scriptBlockId));
    }

    /**
     * @param timeGiven whether the event carried its own time; a time the service filled in at
     *                  receipt differs on each delivery and so must not enter the content hash
     */
    public static byte[] of(WindowsEvent event, boolean timeGiven) {
        String dest = event.field(SplunkFields.DEST);
        String channel = event.field(SplunkFields.CHANNEL);
        String recordId = event.field(SplunkFields.EVENT_RECORD_ID);
        if (dest != null && channel != null && recordId != null) {
            return ResultKey.Digests.sha256(List.of("record", dest, channel, recordId));
        }
        List<String> parts = new ArrayList<>();
        parts.add("content");
        parts.add(timeGiven ? event.time().toString() : "");
        event.fields().forEach((name, value) -> {
            parts.add(name);
            parts.add(value);
        });
        return ResultKey.Digests.sha256(parts);
    }
}
