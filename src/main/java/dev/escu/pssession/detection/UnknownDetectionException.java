package dev.escu.pssession.detection;

/** A detection id that no running detection has. */
public class UnknownDetectionException extends RuntimeException {

    private final String id;

    public UnknownDetectionException(String id) {
        super("No detection with id " + id + ".");
        this.id = id;
    }

    public String id() {
        return id;
    }
}
