package dev.escu.pssession.ingest;

import java.util.Optional;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import dev.escu.pssession.detection.DetectionCatalog;
import dev.escu.pssession.detection.MatchPrefilter;

import dev.escu.pssession.ingest.format.EventFormat;
import dev.escu.pssession.ingest.format.HecEventFormat;
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
    private final HecEventFormat hec;

    EventFormats(IngestProperties properties, DetectionCatalog catalog) {
        ParseLimits limits = properties.parseLimits();
        MatchPrefilter prefilter = MatchPrefilter.of(catalog);
        this.json = new JsonEventFormat(limits);
        this.ndjson = new NdjsonEventFormat(limits, prefilter);
        this.xml = new XmlEventFormat(limits, prefilter);
        this.hec = new HecEventFormat(limits);
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

    /** Raw Windows XML, as the HEC raw endpoint takes it. */
    XmlEventFormat xml() {
        return xml;
    }

    /** Splunk HEC envelopes. */
    HecEventFormat hec() {
        return hec;
    }
}
