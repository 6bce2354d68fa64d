package dev.escu.pssession.web;

import java.time.Instant;

import dev.escu.pssession.detection.SplunkTime;

/** Time query parameters ({@code earliest}, {@code latest}, {@code since}): epoch seconds or ISO-8601. */
public final class TimeParameter {

    private TimeParameter() {
    }

    /** @return the instant, or {@code null} when the parameter is absent or blank */
    public static Instant parse(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return SplunkTime.parse(value);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badParameter(name, value, name + ": " + e.getMessage());
        }
    }

    /** A time range; a null end is open. */
    public record Range(Instant earliest, Instant latest) {
    }

    /**
     * The {@code earliest} and {@code latest} parameters of a search, in order. {@code latest=+Infinity} is no
     * end, for Splunk passes that as {@code $info_max_time$} of a search over all time (a {@code +} left
     * unencoded reads as a space).
     */
    public static Range range(String earliest, String latest) {
        Instant from = parse("earliest", earliest);
        boolean noEnd = latest != null && latest.strip().replaceFirst("^\\+", "").equalsIgnoreCase("Infinity");
        Instant to = noEnd ? null : parse("latest", latest);
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiProblem.badParameter("latest", latest, "latest must be after earliest.");
        }
        return new Range(from, to);
    }
}
