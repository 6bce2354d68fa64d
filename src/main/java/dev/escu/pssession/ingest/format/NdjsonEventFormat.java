package dev.escu.pssession.ingest.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import dev.escu.pssession.detection.MatchPrefilter;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;

/**
 * {@code application/x-ndjson}: one event object per line. Each line is parsed on its own, so a
 * bad line is rejected and the next one read as usual. Blank lines are skipped and not counted.
 */
public final class NdjsonEventFormat extends JsonFormat {

    /** The one JSON escape that can spell a letter of a detection's term. */
    private static final byte[] ESCAPE = {'\\', 'u'};

    /** Lines that the sink's prefilter says no detection can match are only checked to be well-formed JSON objects, not read. */
    public NdjsonEventFormat(ParseLimits limits) {
        super("ndjson", limits);
    }

    @Override
    public void parse(InputStream body, EventSink sink) throws IOException {
        LineReader lines = new LineReader(body, limits.maxEventBytes());
        JsonSyntax syntax = new JsonSyntax(limits.maxDepth());
        MatchPrefilter prefilter = sink.prefilter();
        int index = 0;
        while (lines.next()) {
            if (lines.blank()) {
                continue;
            }
            limits.checkRoomForEvent(index);
            if (lines.tooLong()) {
                sink.reject(index, "The event is larger than " + limits.maxEventBytes() + " bytes.");
            } else {
                readLine(lines.bytes(), lines.offset(), lines.length(), index, sink, syntax, prefilter);
            }
            index++;
        }
    }

    private void readLine(byte[] bytes, int offset, int length, int index, EventSink sink, JsonSyntax syntax,
                          MatchPrefilter prefilter) {
        if (!prefilter.mayMatch(bytes, offset, length, ESCAPE)) {
            // Early reject: a line that no detection can match is only checked to be one well-formed
            // JSON object; reading it into fields would cost more than everything else done with it.
            String problem = syntax.check(bytes, offset, length);
            if (problem == null) {
                sink.skip(index);
            } else {
                sink.reject(index, problem);
            }
            return;
        }
        try (JsonParser parser = objects.parser(bytes, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                sink.reject(index, JsonSyntax.NOT_AN_OBJECT);
                return;
            }
            Map<String, String> fields = JsonObjects.readFlat(parser);
            if (parser.nextToken() != null) {
                sink.reject(index, JsonSyntax.TRAILING);
            } else if (fields == null) {
                sink.reject(index, JsonObjects.tooManyFields());
            } else {
                sink.accept(index, new RawEvent(fields));
            }
        } catch (StreamReadException | StreamConstraintsException e) {
            sink.reject(index, "Malformed JSON: " + JsonObjects.describe(e));
        }
    }
}
