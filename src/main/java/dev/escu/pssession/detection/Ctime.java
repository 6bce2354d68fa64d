package dev.escu.pssession.detection;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The {@code security_content_ctime} macro: {@code convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(field)}.
 * No fraction and no zone suffix; the fraction is truncated, never rounded.
 */
public final class Ctime {

    public static final Ctime UTC = new Ctime(ZoneOffset.UTC);

    private final DateTimeFormatter format;

    public Ctime(ZoneId zone) {
        this.format = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(zone);
    }

    public String format(Instant time) {
        return time == null ? null : format.format(time.truncatedTo(ChronoUnit.SECONDS));
    }
}
