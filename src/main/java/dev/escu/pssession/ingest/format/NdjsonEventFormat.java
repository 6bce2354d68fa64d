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
                sink.reject(index, tooLarge());
            } else {
                readLine(lines.bytes(), lines.offset(), lines.length(), index, sink, syntax, prefilter);
            }
            index++;
        }
    }

    /**
     * A reader of NDJSON that is already in byte arrays (Kafka record values): each array's lines are
     * read in place, with no copy and no stream, exactly as {@link #parse} reads a body of those bytes.
     * One per batch of arrays: it keeps the sink, its early reject and a syntax checker. Not for
     * several threads at once.
     */
    public Lines lines(EventSink sink) {
        return new Lines(sink);
    }

    /** See {@link #lines}. */
    public final class Lines {

        private final EventSink sink;
        private final MatchPrefilter prefilter;
        private final JsonSyntax syntax = new JsonSyntax(limits.maxDepth());

        private Lines(EventSink sink) {
            this.sink = sink;
            this.prefilter = sink.prefilter();
        }

        /**
         * Reads the lines of {@code bytes[from, to)} into the sink, their events numbered from
         * {@code firstIndex} on (blank lines skipped and not counted, a line over the limit one rejected
         * event, as in {@link #parse}).
         *
         * @return how many events the lines held
         */
        public int read(byte[] bytes, int from, int to, int firstIndex) {
            int index = firstIndex;
            int start = from;
            while (start < to) {
                int feed = LineFeeds.indexOf(bytes, start, to);
                int end = feed < 0 ? to : feed;
                int length = end - start;
                if (length > limits.maxEventBytes()) {
                    limits.checkRoomForEvent(index);
                    sink.reject(index, tooLarge());
                    index++;
                } else if (!LineFeeds.blank(bytes, start, end)) {
                    limits.checkRoomForEvent(index);
                    readLine(bytes, start, length, index, sink, syntax, prefilter);
                    index++;
                }
                start = end + 1;
            }
            return index - firstIndex;
        }
    }

    private String tooLarge() {
        return "The event is larger than " + limits.maxEventBytes() + " bytes.";
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
