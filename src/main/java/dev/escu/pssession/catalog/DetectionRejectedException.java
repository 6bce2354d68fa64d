package dev.escu.pssession.catalog;

import dev.escu.pssession.detection.escu.SkippedDetection;

/** A posted detection that cannot run here, with the reason and where in its search. */
public class DetectionRejectedException extends RuntimeException {

    private final SkippedDetection why;

    DetectionRejectedException(SkippedDetection why) {
        super(why.reason());
        this.why = why;
    }

    public SkippedDetection why() {
        return why;
    }
}
