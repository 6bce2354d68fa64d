package dev.escu.pssession.ingest.format;

/**
 * Bounds that keep a hostile body from costing more than a real one.
 *
 * @param maxEventBytes  the largest single event, in bytes of the body
 * @param maxDepth       the deepest nesting of JSON objects or XML elements
 * @param maxFieldChars  the longest single field value
 * @param maxEvents      the most events in one body
 */
public record ParseLimits(int maxEventBytes, int maxDepth, int maxFieldChars, int maxEvents) {

    public static final ParseLimits DEFAULT = new ParseLimits(1 << 20, 32, 1 << 20, 1_000_000);

    /**
     * Called before reading one more event.
     *
     * @param eventsSoFar the events of the body read so far
     * @throws UnusableBodyException when the body holds more events than allowed
     */
    public void checkRoomForEvent(int eventsSoFar) {
        if (eventsSoFar >= maxEvents) {
            throw new UnusableBodyException(UnusableBodyException.Kind.TOO_LARGE,
                    "The body holds more than " + maxEvents + " events.");
        }
    }
}
