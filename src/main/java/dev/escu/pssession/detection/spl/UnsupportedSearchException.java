package dev.escu.pssession.detection.spl;

/**
 * A search that is not run: it holds a command or construct outside the supported subset, does not
 * parse, or groups on fields 4104 events never carry. Splunk's results would differ from any
 * approximation, so the detection is skipped with this reason.
 */
public final class UnsupportedSearchException extends Exception {

    private final String reason;
    private final int position;

    /**
     * @param position character offset (from 0) in the search as written in the file; for a construct
     *                 that came from a macro, the offset of the macro call (the reason names the macro)
     */
    public UnsupportedSearchException(String reason, int position) {
        super(reason + " (at character " + position + ")");
        this.reason = reason;
        this.position = position;
    }

    public String reason() {
        return reason;
    }

    public int position() {
        return position;
    }
}
