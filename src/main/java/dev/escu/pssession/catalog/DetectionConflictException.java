package dev.escu.pssession.catalog;

/** A change to the catalogue that clashes with what runs (an id taken, a detection not posted over the API). */
public class DetectionConflictException extends RuntimeException {

    DetectionConflictException(String message) {
        super(message);
    }
}
