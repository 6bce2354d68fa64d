package dev.escu.pssession.ingest.format;

/**
 * A Splunk HEC body that HEC itself would refuse as a whole: no data, or an envelope that is not
 * one HEC accepts. Thrown while the body is read, so that nothing of the request is stored.
 */
public class HecEnvelopeException extends RuntimeException {

    /** What is wrong, one per HEC error code. */
    public enum Problem {
        /** code 5: the body holds no envelope */
        NO_DATA,
        /** code 6: not a JSON object, malformed JSON, or a metadata value of the wrong type */
        INVALID_DATA_FORMAT,
        /** code 12: an envelope without {@code event} */
        EVENT_FIELD_REQUIRED,
        /** code 13: {@code event} is null, empty or white space */
        EVENT_FIELD_BLANK,
        /** code 15: {@code fields} is not an object of flat values */
        INDEXED_FIELDS
    }

    /** The event number of a problem that concerns the body, not one envelope. */
    public static final int NO_EVENT = -1;

    private final Problem problem;
    private final int eventNumber;

    HecEnvelopeException(Problem problem, int eventNumber, String message) {
        super(message);
        this.problem = problem;
        this.eventNumber = eventNumber;
    }

    public Problem problem() {
        return problem;
    }

    /** The 0-based position of the envelope that failed, or {@link #NO_EVENT}. */
    public int eventNumber() {
        return eventNumber;
    }
}
