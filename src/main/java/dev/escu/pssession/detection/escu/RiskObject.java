package dev.escu.pssession.detection.escu;

/**
 * A risk object of risk-based alerting: the result column whose value is the object, its type
 * ({@code system}, {@code user}, ...) and the score each risk event on it carries.
 */
public record RiskObject(String field, String type, int score) {
}
