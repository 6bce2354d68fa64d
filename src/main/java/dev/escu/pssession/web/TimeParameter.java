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

    /**
     * A {@code latest} parameter: as {@link #parse}, and {@code +Infinity} is no upper bound, for Splunk passes
     * that as {@code $info_max_time$} of a search over all time (a {@code +} left unencoded reads as a space).
     */
    public static Instant latest(String value) {
        if (value != null && value.strip().replaceFirst("^\\+", "").equalsIgnoreCase("Infinity")) {
            return null;
        }
        return parse("latest", value);
    }

    /** @param latestGiven the {@code latest} parameter as given, for the problem */
    public static void requireOrder(Instant earliest, Instant latest, String latestGiven) {
        if (earliest != null && latest != null && !earliest.isBefore(latest)) {
            throw ApiProblem.badParameter("latest", latestGiven, "latest must be after earliest.");
        }
    }
}
