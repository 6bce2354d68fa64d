package dev.escu.pssession.ingest.format;

import dev.escu.pssession.detection.MatchPrefilter;

/** Receives a body's events in order; {@code index} is the event's 0-based position in the body. */
public interface EventSink {

    /**
     * What decides from an event's raw bytes that no detection can match it, so a parser that can may
     * skip reading it ({@link #skip}); {@link MatchPrefilter#NONE} to read every event. No default: a sink
     * that wraps another must pass its prefilter on, or the early reject is silently lost.
     */
    MatchPrefilter prefilter();

    void accept(int index, RawEvent event);

    void reject(int index, String reason);

    /**
     * A well-formed event that no detection can match (its bytes lack the detections' terms): it
     * counts as accepted and is not read further.
     */
    void skip(int index);
}
