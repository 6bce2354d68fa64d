package dev.escu.pssession.detection.powershell;

/** What the analyser concluded about one script block. */
public enum Verdict {
    /** Executable code invokes Enter-PSSession with a remote target or session. */
    FLAGGED,
    /** No executable code invokes Enter-PSSession with a target. */
    NOT_FLAGGED,
    /** The block could not be read to the end within the analyser's bounds; the reason says why. */
    UNJUDGED
}
