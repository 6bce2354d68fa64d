package dev.escu.pssession.detection.spl;

/** The fields a search expression reads: an event's, or a result row's. */
@FunctionalInterface
public interface FieldValues {

    /** The field's value, or null when it is missing. */
    String value(String field);
}
