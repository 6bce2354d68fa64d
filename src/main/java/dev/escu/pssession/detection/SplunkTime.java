package dev.escu.pssession.detection;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * Times as Splunk takes them: epoch seconds (maybe fractional, as Splunk's {@code _time} and
 * HEC's {@code time}) or an ISO-8601 instant (Windows {@code SystemTime}, Elastic {@code @timestamp}).
 * Kept to the microsecond, as PostgreSQL stores it.
 */
public final class SplunkTime {

    private static final Pattern EPOCH_SECONDS = Pattern.compile("-?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]{1,2})?");
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private SplunkTime() {
    }

    /** @throws IllegalArgumentException with a client-facing message when the text is not a time */
    public static Instant parse(String text) {
        String t = text.strip();
        Instant instant;
        try {
            instant = isEpochSeconds(t) ? fromEpochSeconds(new BigDecimal(t)) : fromIso(t);
        } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
            throw invalid(text);
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new IllegalArgumentException("Time \"" + text + "\" is outside 1970..9999" + millisecondsHint(t) + ".");
        }
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** A time that reads as a date in epoch milliseconds (or microseconds) was most likely sent in them. */
    private static String millisecondsHint(String t) {
        if (!t.matches("[0-9]{12,17}(\\.[0-9]*)?")) {
            return "";
        }
        BigDecimal value = new BigDecimal(t);
        for (int digits : new int[] {3, 6}) {
            BigDecimal seconds = value.movePointLeft(digits);
            if (seconds.compareTo(BigDecimal.valueOf(LATEST.getEpochSecond())) <= 0) {
                return "; it looks like epoch " + (digits == 3 ? "milliseconds" : "microseconds")
                        + ": times are epoch seconds, with a fraction if needed (" + seconds.stripTrailingZeros().toPlainString() + ")";
            }
        }
        return "";
    }

    private static Instant fromEpochSeconds(BigDecimal seconds) {
        BigDecimal whole = seconds.setScale(0, java.math.RoundingMode.FLOOR);
        long nanos = seconds.subtract(whole).movePointRight(9).setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    }

    private static Instant fromIso(String t) {
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(t).toInstant();
        }
    }

    /**
     * Epoch seconds as JSON writes a number: digits with an optional sign, fraction and exponent
     * ({@code 1772439295}, {@code 1772439295.417203}, {@code 1.772439295417203E9}). The exponent
     * has at most two digits, so no text can ask for a number of a billion digits.
     */
    public static boolean isEpochSeconds(String t) {
        return t.length() <= 32 && EPOCH_SECONDS.matcher(t).matches();
    }

    private static IllegalArgumentException invalid(String text) {
        String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return new IllegalArgumentException(
                "Invalid time \"" + shown + "\": expected epoch seconds or an ISO-8601 instant.");
    }
}
