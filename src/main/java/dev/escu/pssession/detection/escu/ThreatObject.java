package dev.escu.pssession.detection.escu;

/** A threat object of risk-based alerting: the result column and its type ({@code process_name}, {@code url}, ...). */
public record ThreatObject(String field, String type) {
}
