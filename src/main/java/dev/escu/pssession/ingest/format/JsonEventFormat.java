package dev.escu.pssession.ingest.format;

import java.io.IOException;
import java.io.InputStream;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;

/**
 * {@code application/json}: one event object, an array of them, or several objects one after the
 * other. Read as a stream: only the event being read is held in memory.
 */
public final class JsonEventFormat extends JsonFormat {

    public JsonEventFormat(ParseLimits limits) {
        super("json", limits);
    }

    @Override
    public void parse(InputStream body, EventSink sink) throws IOException {
        int index = 0;
        try (JsonParser parser = objects.parser(body)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new UnusableBodyException(UnusableBodyException.Kind.UNREADABLE, "The body holds no JSON.");
            }
            if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
                throw new UnusableBodyException(UnusableBodyException.Kind.UNREADABLE,
                        "Expected a JSON object or an array of objects, found " + token + ".");
            }
            try {
                for (; token != null; token = parser.nextToken()) {
                    if (token == JsonToken.START_ARRAY) {
                        for (token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                            index = readOne(parser, token, index, sink);
                        }
                    } else {
                        index = readOne(parser, token, index, sink);
                    }
                }
            } catch (StreamReadException | StreamConstraintsException e) {
                if (index == 0 && e instanceof StreamReadException) {
                    // broken before its first event ended: nothing of the body can be used (a limit that the
                    // first event exceeds is that event's rejection, as for any other event)
                    throw new UnusableBodyException(UnusableBodyException.Kind.UNREADABLE,
                            "Malformed JSON: " + JsonObjects.describe(e));
                }
                // A JSON stream cannot be resynchronised: the event in hand is rejected, the rest unread.
                sink.reject(index, "Malformed JSON: " + JsonObjects.describe(e)
                        + "; the rest of the body was not read.");
            }
        } catch (JacksonIOException e) {
            throw JsonObjects.ioCause(e);
        } catch (StreamReadException | StreamConstraintsException e) {
            throw new UnusableBodyException(UnusableBodyException.Kind.UNREADABLE,
                    "Malformed JSON: " + JsonObjects.describe(e));
        }
    }

    private int readOne(JsonParser parser, JsonToken token, int index, EventSink sink) {
        limits.checkRoomForEvent(index);
        if (token == JsonToken.START_OBJECT) {
            var fields = JsonObjects.readFlat(parser);
            if (fields == null) {
                sink.reject(index, JsonObjects.tooManyFields());
            } else {
                sink.accept(index, new RawEvent(fields));
            }
        } else {
            parser.skipChildren();
            sink.reject(index, "Not a JSON object: an event must be an object of fields.");
        }
        return index + 1;
    }
}
