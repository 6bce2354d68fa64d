package dev.escu.pssession.ingest.format;

/** Receives a body's events in order; {@code index} is the event's 0-based position in the body. */
public interface EventSink {

    void accept(int index, RawEvent event);

    void reject(int index, String reason);

    /**
     * A well-formed event that no detection can match (its bytes lack the detections' terms): it
     * counts as accepted and is not read further.
     */
    void skip(int index);
}
