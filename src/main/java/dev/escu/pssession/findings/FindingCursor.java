package dev.escu.pssession.findings;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A position in a list ordered newest activity first: the last row's time (to the microsecond, as
 * stored) and id. Clients treat its text form as opaque.
 */
record FindingCursor(Instant lastTime, long id) {

    /** @throws IllegalArgumentException when the text is not a cursor this service gave out */
    static FindingCursor parse(String text) {
        int dash = text.lastIndexOf('-');
        if (dash <= 0) {
            throw new IllegalArgumentException("not a cursor");
        }
        try {
            long micros = Long.parseLong(text.substring(0, dash));
            long id = Long.parseLong(text.substring(dash + 1));
            if (id < 0) {
                throw new IllegalArgumentException("not a cursor");
            }
            return new FindingCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
        } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("not a cursor", e);
        }
    }

    @Override
    public String toString() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, lastTime) + "-" + id;
    }
}
