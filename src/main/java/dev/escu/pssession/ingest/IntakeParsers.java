package dev.escu.pssession.ingest;

import org.springframework.stereotype.Component;

import dev.escu.pssession.ingest.format.EventFormat;
import dev.escu.pssession.ingest.format.NdjsonEventFormat;

/**
 * The HTTP intake's own parsers ({@link EventFormats}), for intakes outside this package (Kafka), so
 * every intake reads a format the same way, with the same limits and the same early reject.
 */
@Component
public class IntakeParsers {

    private final EventFormats formats;

    IntakeParsers(EventFormats formats) {
        this.formats = formats;
    }

    /** One event object, an array of them, or several objects one after the other. */
    public EventFormat json() {
        return formats.json();
    }

    /** One event object per line. */
    public NdjsonEventFormat ndjson() {
        return formats.ndjson();
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
