package dev.escu.pssession.ingest;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import dev.escu.pssession.ingest.format.EventFormat;
import dev.escu.pssession.ingest.format.HecEventFormat;
import dev.escu.pssession.ingest.format.JsonEventFormat;
import dev.escu.pssession.ingest.format.NdjsonEventFormat;
import dev.escu.pssession.ingest.format.ParseLimits;
import dev.escu.pssession.ingest.format.XmlEventFormat;
import dev.escu.pssession.ingest.format.evtx.EvtxEventFormat;

/**
 * The parser for each accepted Content-Type, built once with the ingest limits. Intakes outside this
 * package (Kafka) take their parsers from here too, so every intake reads a format the same way, with
 * the same limits and the same early reject.
 */
@Component
public class EventFormats {

    static final String NDJSON = "application/x-ndjson";
    static final String EVTX = "application/x-evtx";
    // NDJSON by the names shippers and libraries give it: the documented one, without the x-, and JSON Lines
    private static final List<MediaType> NDJSON_TYPES = Stream.of(NDJSON, "application/ndjson", "application/jsonl",
            "application/x-jsonlines").map(MediaType::parseMediaType).toList();
    private static final MediaType EVTX_TYPE = MediaType.parseMediaType(EVTX);

    private final JsonEventFormat json;
    private final NdjsonEventFormat ndjson;
    private final XmlEventFormat xml;
    private final XmlEventFormat hecRaw;
    private final HecEventFormat hec;
    private final EvtxEventFormat evtx;

    EventFormats(IngestProperties properties) {
        ParseLimits limits = properties.parseLimits();
        this.json = new JsonEventFormat(limits);
        this.ndjson = new NdjsonEventFormat(limits);
        this.xml = new XmlEventFormat(limits);
        this.hecRaw = new XmlEventFormat(limits, true);
        this.hec = new HecEventFormat(limits);
        this.evtx = new EvtxEventFormat(limits);
    }

    Optional<EventFormat> forType(MediaType type) {
        if (type == null) {
            return Optional.empty();
        }
        if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
            return Optional.of(json);
        }
        if (isNdjson(type)) {
            return Optional.of(ndjson);
        }
        if (type.isCompatibleWith(MediaType.APPLICATION_XML) || type.isCompatibleWith(MediaType.TEXT_XML)) {
            return Optional.of(xml);
        }
        if (type.isCompatibleWith(EVTX_TYPE)) {
            return Optional.of(evtx);
        }
        return Optional.empty();
    }

    /** Whether a Content-Type names NDJSON ({@code application/x-ndjson}, {@code application/ndjson} or JSON Lines). */
    public static boolean isNdjson(MediaType type) {
        return NDJSON_TYPES.stream().anyMatch(type::isCompatibleWith);
    }

    /** One event object, an array of them, or several objects one after the other. */
    public JsonEventFormat json() {
        return json;
    }

    /** One event object per line. */
    public NdjsonEventFormat ndjson() {
        return ndjson;
    }

    /** Raw Windows XML events. */
    public XmlEventFormat xml() {
        return xml;
    }

    /** Raw Windows XML events on HEC's raw endpoint, which takes any text: a body without an event is no error. */
    XmlEventFormat hecRaw() {
        return hecRaw;
    }

    /** Windows .evtx files. */
    EvtxEventFormat evtx() {
        return evtx;
    }

    /** The format of an uploaded file: EVTX by its signature, else by its declared type, else by its name. */
    Optional<EventFormat> forFile(byte[] head, MediaType declared, String fileName) {
        if (EvtxEventFormat.hasSignature(head)) {
            return Optional.of(evtx);
        }
        Optional<EventFormat> byType = declared == null || declared.isCompatibleWith(MediaType.APPLICATION_OCTET_STREAM)
                ? Optional.empty() : forType(declared);
        if (byType.isPresent() || fileName == null) {
            return byType;
        }
        String name = fileName.toLowerCase(java.util.Locale.ROOT).replaceAll("\\.gz$", "");
        if (name.endsWith(".xml")) {
            return Optional.of(xml);
        }
        if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
            return Optional.of(ndjson);
        }
        if (name.endsWith(".json")) {
            return Optional.of(json);
        }
        return Optional.empty();
    }

    /** Splunk HEC envelopes. */
    public HecEventFormat hec() {
        return hec;
    }
}
