package dev.escu.pssession.ingest.kafka;

import java.util.Locale;
import java.util.Optional;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

import dev.escu.pssession.ingest.EventFormats;

/** How a record's value is read: the formats the HTTP intake takes, by name or by Content-Type. */
enum RecordFormat {

    /** One event object, an array of them, or objects one after the other (as {@code application/json}). */
    JSON,
    /** One event object per line (as {@code application/x-ndjson}). */
    NDJSON,
    /** One or more raw Windows {@code <Event>} elements (as {@code application/xml}). */
    XML,
    /** Splunk HEC envelopes, one or several (as {@code /services/collector/event}). */
    HEC;

    /** A format name ({@code json}, {@code ndjson}, {@code xml}, {@code hec}) or a Content-Type the HTTP intake takes. */
    static Optional<RecordFormat> of(String nameOrType) {
        if (nameOrType == null || nameOrType.isBlank()) {
            return Optional.empty();
        }
        String text = nameOrType.strip().toLowerCase(Locale.ROOT);
        for (RecordFormat format : values()) {
            if (format.name().toLowerCase(Locale.ROOT).equals(text)) {
                return Optional.of(format);
            }
        }
        try {
            MediaType type = MediaType.parseMediaType(text);
            if (type.isWildcardType() || type.isWildcardSubtype()) {
                return Optional.empty();
            }
            if (EventFormats.isNdjson(type)) {
                return Optional.of(NDJSON);
            }
            if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                return Optional.of(JSON);
            }
            if (type.isCompatibleWith(MediaType.APPLICATION_XML) || type.isCompatibleWith(MediaType.TEXT_XML)) {
                return Optional.of(XML);
            }
        } catch (InvalidMediaTypeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
