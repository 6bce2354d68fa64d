package dev.escu.pssession.ingest;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import dev.escu.pssession.ingest.format.EventFormat;

/**
 * The HTTP intake's own parsers, for intakes outside this package (Kafka): asked of
 * {@link EventFormats} at each call, so every intake reads a format the same way, with the same
 * limits and the same early reject, whatever EventFormats holds at the time.
 */
@Component
public class IntakeParsers {

    private static final MediaType NDJSON = MediaType.parseMediaType(EventFormats.NDJSON);

    private final EventFormats formats;

    IntakeParsers(EventFormats formats) {
        this.formats = formats;
    }

    /** One event object, an array of them, or several objects one after the other. */
    public EventFormat json() {
        return formats.forType(MediaType.APPLICATION_JSON).orElseThrow();
    }

    /** One event object per line. */
    public EventFormat ndjson() {
        return formats.forType(NDJSON).orElseThrow();
    }

    /** Raw Windows XML events. */
    public EventFormat xml() {
        return formats.xml();
    }

    /** Splunk HEC envelopes. */
    public EventFormat hec() {
        return formats.hec();
    }
}
