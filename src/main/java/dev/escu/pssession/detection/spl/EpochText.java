package dev.escu.pssession.detection.spl;

import java.time.Instant;

/**
 * A {@code min(_time)} or {@code max(_time)} that no {@code ctime} converted: Splunk keeps the number
 * of epoch seconds. Assumption (the one place it is made): it prints as decimal seconds with the
 * fraction the time has, to the microsecond Splunk keeps, without trailing zeros and without a
 * point for a whole second ({@code 1772439295}, {@code 1772439295.417203}, {@code 1772439295.5}).
 */
public final class EpochText {

    private EpochText() {
    }

    public static String of(Instant time) {
        long seconds = time.getEpochSecond();
        int micros = time.getNano() / 1_000;
        if (micros == 0) {
            return Long.toString(seconds);
        }
        if (seconds < 0) { // before 1970: the fraction counts toward zero, as the decimal number reads
            seconds += 1;
            micros = 1_000_000 - micros;
            String fraction = fraction(micros);
            return (seconds == 0 ? "-0" : Long.toString(seconds)) + "." + fraction;
        }
        return seconds + "." + fraction(micros);
    }

    private static String fraction(int micros) {
        StringBuilder digits = new StringBuilder(String.format("%06d", micros));
        while (digits.charAt(digits.length() - 1) == '0') {
            digits.setLength(digits.length() - 1);
        }
        return digits.toString();
    }
}
