package dev.escu.pssession.ingest.format;

/** The body as a whole cannot be used (not one of its events is worth reading on). */
public class UnusableBodyException extends RuntimeException {

    /** Why, as a stable problem type suffix. */
    public enum Kind { UNREADABLE, TOO_LARGE, FORBIDDEN_CONSTRUCT }

    private final Kind kind;

    public UnusableBodyException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
