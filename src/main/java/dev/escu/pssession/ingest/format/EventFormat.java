package dev.escu.pssession.ingest.format;

import java.io.IOException;
import java.io.InputStream;

/** A streaming parser of one body format. Memory stays bounded by the largest event, not the body. */
public interface EventFormat {

    /** A short name for metrics and logs ({@code json}, {@code ndjson}, {@code xml}, ...). */
    String name();

    /** Whether bodies of this format are bytes, not text (no charset to convert). */
    default boolean binary() {
        return false;
    }

    /**
     * Reads every event of the body into the sink.
     *
     * @throws IOException           when the body cannot be read to its end (the client went away)
     * @throws UnusableBodyException when the body as a whole is refused
     */
    void parse(InputStream body, EventSink sink) throws IOException;
}
