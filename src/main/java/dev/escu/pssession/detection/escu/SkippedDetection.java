package dev.escu.pssession.detection.escu;

/**
 * A content file that does not run, and why: a detection outside the data source or the SPL subset,
 * a duplicate id, a file that cannot be read. Shown by the API and logged once at start.
 *
 * @param file     the file's path relative to the content folder (or a label for bundled content)
 * @param id       the detection's id, or null when the file could not be read that far
 * @param name     the detection's name (a macro file's name), or null likewise
 * @param reason   what keeps it from running
 * @param position character offset (from 0) in the search as written, or null when the reason is not about the search
 * @param otherDataSource whether it is a detection of another data source: nothing to fix, simply not one this
 *                 service runs (a clone of ESCU's repository holds far more of those than of its own)
 */
public record SkippedDetection(String file, String id, String name, String reason, Integer position,
                               boolean otherDataSource) {

    /** A file that does not run although it is, or might be, meant for this service. */
    public SkippedDetection(String file, String id, String name, String reason, Integer position) {
        this(file, id, name, reason, position, false);
    }
}
