package dev.escu.pssession.findings;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * A position in drilldown 1's rows, which come newest activity first, then by result group: the last
 * row's time (to the microsecond) and its group's hash. Clients treat its text form as opaque.
 */
record ResultsCursor(Instant lastTime, byte[] groupHash) {

    private static final HexFormat HEX = HexFormat.of();

    /** @throws IllegalArgumentException when the text is not a cursor this service gave out */
    static ResultsCursor parse(String text) {
        int dash = text.lastIndexOf('-');
        if (dash <= 0 || text.length() - dash - 1 != 64) {
            throw new IllegalArgumentException("not a cursor");
        }
        try {
            long micros = Long.parseLong(text.substring(0, dash));
            return new ResultsCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), HEX.parseHex(text.substring(dash + 1)));
        } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("not a cursor", e);
        }
    }

    @Override
    public String toString() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, lastTime) + "-" + HEX.formatHex(groupHash);
    }
}
