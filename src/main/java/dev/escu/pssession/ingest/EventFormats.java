package dev.escu.pssession.ingest;

import java.util.Optional;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import dev.escu.pssession.ingest.format.EventFormat;
import dev.escu.pssession.ingest.format.JsonEventFormat;
import dev.escu.pssession.ingest.format.NdjsonEventFormat;
import dev.escu.pssession.ingest.format.ParseLimits;
import dev.escu.pssession.ingest.format.XmlEventFormat;

/** The parser for each accepted Content-Type. */
@Component
class EventFormats {

    static final String NDJSON = "application/x-ndjson";

    private final JsonEventFormat json;
    private final NdjsonEventFormat ndjson;
    private final XmlEventFormat xml;

    EventFormats(IngestProperties properties) {
        ParseLimits limits = properties.parseLimits();
        this.json = new JsonEventFormat(limits);
        this.ndjson = new NdjsonEventFormat(limits);
        this.xml = new XmlEventFormat(limits);
    }

    Optional<EventFormat> forType(MediaType type) {
        if (type == null) {
            return Optional.empty();
        }
        if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
            return Optional.of(json);
        }
        if (type.isCompatibleWith(MediaType.parseMediaType(NDJSON))) {
            return Optional.of(ndjson);
        }
        if (type.isCompatibleWith(MediaType.APPLICATION_XML) || type.isCompatibleWith(MediaType.TEXT_XML)) {
            return Optional.of(xml);
        }
        return Optional.empty();
    }

    XmlEventFormat xml() {
        return xml;
    }

    JsonEventFormat json() {
        return json;
    }
}
