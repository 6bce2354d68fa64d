package dev.escu.pssession.detection;

/** A detection id that no running detection has. */
public class UnknownDetectionException extends RuntimeException {

    private final String id;

    public UnknownDetectionException(String id) {
        this(id, "No detection with id " + id + ".");
    }

    public UnknownDetectionException(String id, String message) {
        super(message);
        this.id = id;
    }

    public String id() {
        return id;
    }
}
