package dev.escu.pssession.ingest.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.escu.pssession.detection.SplunkTime;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;

/**
 * Splunk HTTP Event Collector's {@code /services/collector/event} body: JSON envelopes
 * {@code {"time", "host", "source", "sourcetype", "index", "fields", "event"}}, one after the
 * other, with or without white space between them. Read as a stream: one envelope at a time.
 *
 * <p>What HEC itself refuses stops the whole body with a {@link HecEnvelopeException} naming the
 * envelope: malformed JSON or a value of the wrong type (HEC code 6), no {@code event} (12), a
 * blank {@code event} (13), {@code fields} that are not flat (15). Envelopes that HEC accepts
 * but that carry no usable Windows event (a string that is not one {@code <Event>}, a number, an
 * array) are rejected one by one, as the other formats reject bad events.
 *
 * <p>{@code event} may be a raw XmlWinEventLog string, read exactly as the XML format reads a
 * body, or a JSON object, flattened as the JSON format flattens one. {@code time}, {@code host},
 * {@code source} and {@code sourcetype} become the event's metadata; {@code fields} (HEC's
 * indexed fields) too, below the envelope's own metadata, so that the event's own fields win over
 * them and they only fill in what the event lacks. {@code index} is read and ignored.
 */
public final class HecEventFormat extends JsonFormat {

    private final XmlEventFormat xml;

    public HecEventFormat(ParseLimits limits) {
        super("hec-event", limits);
        this.xml = new XmlEventFormat(limits);
    }

    @Override
    public void parse(InputStream body, EventSink sink) throws IOException {
        int index = 0;
        try (JsonParser parser = objects.parser(body)) {
            for (JsonToken token = next(parser, index); token != null; token = next(parser, index)) {
                limits.checkRoomForEvent(index);
                if (token != JsonToken.START_OBJECT) {
                    throw invalid(index, "Expected a JSON object (a HEC envelope), found " + token + ".");
                }
                Envelope envelope = readEnvelope(parser, index);
                deliver(envelope, index, sink);
                index++;
            }
        } catch (JacksonIOException e) {
            throw JsonObjects.ioCause(e);
        }
        if (index == 0) {
            throw new HecEnvelopeException(HecEnvelopeException.Problem.NO_DATA, HecEnvelopeException.NO_EVENT,
                    "The body holds no event.");
        }
    }

    private static JsonToken next(JsonParser parser, int index) {
        try {
            return parser.nextToken();
        } catch (StreamReadException | StreamConstraintsException e) {
            throw invalid(index, "Malformed JSON: " + JsonObjects.describe(e));
        }
    }

    /** One envelope as read; {@code event} is a map, a string, or another JSON value's kind. */
    private record Envelope(Map<String, String> meta, Map<String, String> eventFields, String eventText,
                            String eventKind) {
    }

    private static final String NO_EVENT_KEY = "missing";
    private static final String BLANK = "blank";

    private Envelope readEnvelope(JsonParser parser, int index) {
        Map<String, String> meta = new LinkedHashMap<>();
        Map<String, String> indexed = Map.of();
        Map<String, String> eventFields = null;
        String eventText = null;
        String eventKind = NO_EVENT_KEY;
        try {
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "event" -> {
                        switch (value) {
                            case START_OBJECT -> {
                                eventFields = JsonObjects.readFlat(parser);
                                eventKind = "object";
                            }
                            case VALUE_STRING -> {
                                eventText = parser.getString();
                                eventKind = eventText.isBlank() ? BLANK : "string";
                            }
                            case VALUE_NULL -> eventKind = BLANK;
                            case START_ARRAY -> {
                                parser.skipChildren();
                                eventKind = "array";
                            }
                            default -> eventKind = value.isBoolean() ? "boolean" : "number";
                        }
                    }
                    case "time" -> {
                        String time = scalar(parser, value, name, index);
                        if (time != null && !isEpochSeconds(time)) {
                            throw invalid(index, "\"time\" must be epoch seconds, found \"" + shorten(time) + "\".");
                        }
                        putIfPresent(meta, "time", time);
                    }
                    case "host", "source", "sourcetype" -> putIfPresent(meta, name, scalar(parser, value, name, index));
                    case "index" -> scalar(parser, value, name, index); // one store here: no index to choose
                    case "fields" -> indexed = indexedFields(parser, value, index);
                    default -> parser.skipChildren();
                }
            }
        } catch (StreamReadException | StreamConstraintsException e) {
            throw invalid(index, "Malformed JSON: " + JsonObjects.describe(e));
        }
        if (eventKind.equals(NO_EVENT_KEY)) {
            throw new HecEnvelopeException(HecEnvelopeException.Problem.EVENT_FIELD_REQUIRED, index,
                    "Envelope " + index + " has no \"event\".");
        }
        if (eventKind.equals(BLANK)) {
            throw new HecEnvelopeException(HecEnvelopeException.Problem.EVENT_FIELD_BLANK, index,
                    "The \"event\" of envelope " + index + " is blank.");
        }
        // indexed fields fill in below the envelope's own metadata
        indexed.forEach(meta::putIfAbsent);
        return new Envelope(meta, eventFields, eventText, eventKind);
    }

    private void deliver(Envelope envelope, int index, EventSink sink) {
        switch (envelope.eventKind()) {
            case "object" -> {
                if (envelope.eventFields() == null) {
                    sink.reject(index, JsonObjects.tooManyFields());
                } else {
                    sink.accept(index, new RawEvent(envelope.eventFields(), envelope.meta(), Map.of()));
                }
            }
            case "string" -> xml.parseEvent(envelope.eventText(), index, envelope.meta(), sink);
            default -> sink.reject(index, "Not a Windows event: the event is a JSON " + envelope.eventKind()
                    + " (Splunk would index it as text).");
        }
    }

    /** A metadata value: a string or a number, as text; null as absent; anything else refused. */
    private static String scalar(JsonParser parser, JsonToken value, String name, int index) {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value == JsonToken.VALUE_STRING || value.isNumeric()) {
            return parser.getString();
        }
        parser.skipChildren();
        throw invalid(index, "\"" + name + "\" must be a string or a number, found " + value + ".");
    }

    /** HEC's indexed fields: an object of strings or numbers (a list keeps its first value). */
    private static Map<String, String> indexedFields(JsonParser parser, JsonToken value, int index) {
        if (value == JsonToken.VALUE_NULL) {
            return Map.of();
        }
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            throw indexedFieldsError(index, "\"fields\" must be an object.");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        String name;
        while ((name = parser.nextName()) != null) {
            JsonToken field = parser.nextToken();
            if (field == JsonToken.START_OBJECT) {
                throw indexedFieldsError(index, "Indexed field \"" + name + "\" is an object; only flat values are allowed.");
            }
            if (field == JsonToken.START_ARRAY) {
                // multi-valued in Splunk; the event record holds one value per field
                String first = null;
                for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                    if (item.isStructStart()) {
                        throw indexedFieldsError(index, "Indexed field \"" + name + "\" holds a nested value.");
                    }
                    if (first == null && item != JsonToken.VALUE_NULL) {
                        first = parser.getString();
                    }
                }
                putIfPresent(fields, name, first);
            } else if (field != JsonToken.VALUE_NULL) {
                putIfPresent(fields, name, parser.getString());
            }
            if (fields.size() > JsonObjects.MAX_FIELDS) {
                throw indexedFieldsError(index, "More than " + JsonObjects.MAX_FIELDS + " indexed fields.");
            }
        }
        return fields;
    }

    private static void putIfPresent(Map<String, String> map, String name, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(name, value);
        }
    }

    /** HEC's {@code time}: non-negative epoch seconds, maybe fractional, as a JSON number or a string. */
    private static boolean isEpochSeconds(String text) {
        String t = text.strip();
        return !t.startsWith("-") && SplunkTime.isEpochSeconds(t);
    }

    private static String shorten(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }

    private static HecEnvelopeException invalid(int index, String message) {
        return new HecEnvelopeException(HecEnvelopeException.Problem.INVALID_DATA_FORMAT, index, message);
    }

    private static HecEnvelopeException indexedFieldsError(int index, String message) {
        return new HecEnvelopeException(HecEnvelopeException.Problem.INDEXED_FIELDS, index, message);
    }
}
