package dev.escu.pssession.ingest.format;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;

/**
 * Reads JSON objects as flat maps: nested objects become dotted names ({@code winlog.event_data.Path}),
 * scalars their text (numbers exactly as written, so no precision is lost), arrays and nulls are left out.
 */
final class JsonObjects {

    private final JsonFactory factory;

    JsonObjects(ParseLimits limits) {
        this.factory = JsonFactory.builder()
                // log data: a raw control character inside a string must not hide an event
                .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxFieldChars())
                        .maxNameLength(1024)
                        .maxNumberLength(64)
                        .build())
                .build();
    }

    JsonParser parser(java.io.InputStream in) {
        return factory.createParser(ObjectReadContext.empty(), in);
    }

    JsonParser parser(byte[] bytes, int offset, int length) {
        return factory.createParser(ObjectReadContext.empty(), bytes, offset, length);
    }

    /** The most fields one event may have; real Windows events have a few dozen. */
    static final int MAX_FIELDS = 4096;

    /**
     * Reads the object whose START_OBJECT is the parser's current token, to its end.
     *
     * @return its fields, or {@code null} when it has more than {@link #MAX_FIELDS}
     */
    static Map<String, String> readFlat(JsonParser parser) {
        Map<String, String> fields = new LinkedHashMap<>();
        readInto(parser, "", fields);
        return fields.size() > MAX_FIELDS ? null : fields;
    }

    private static void readInto(JsonParser parser, String prefix, Map<String, String> fields) {
        String name;
        while ((name = parser.nextName()) != null) {
            JsonToken value = parser.nextToken();
            String key = prefix.isEmpty() ? name : prefix + "." + name;
            switch (value) {
                case START_OBJECT -> readInto(parser, key, fields);
                case START_ARRAY -> parser.skipChildren();
                case VALUE_NULL -> { }
                default -> {
                    if (fields.size() <= MAX_FIELDS) {
                        fields.put(key, parser.getString());
                    }
                }
            }
        }
    }

    static String tooManyFields() {
        return "The event has more than " + MAX_FIELDS + " fields.";
    }

    // what describe() takes out of Jackson's messages, compiled once: it runs for every rejected event
    private static final Pattern NESTING = Pattern.compile("Document nesting depth \\((\\d+)\\) exceeds the maximum allowed \\((\\d+).*");
    private static final Pattern SETTING = Pattern.compile(",? ?from `[^`]*`\\)?");
    private static final Pattern CHARACTER_CODE = Pattern.compile(" \\(code -?\\d+\\)");
    private static final Pattern SOURCE_AT_END = Pattern.compile("\\s*at \\[Source:.*$");
    private static final Pattern SOURCE = Pattern.compile("\\[Source:[^\\]]*\\]");

    /**
     * A syntax or limit error, worded about the event for a client: without the parser's internals
     * (character codes, the name of the limit's setting, source descriptions), with where it is.
     */
    static String describe(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            message = "unreadable JSON";
        }
        if (e instanceof tools.jackson.core.exc.StreamConstraintsException) {
            message = NESTING.matcher(message).replaceAll("the event nests objects or arrays $1 levels deep, more than the $2 allowed");
            message = SETTING.matcher(message).replaceAll("");
        }
        message = CHARACTER_CODE.matcher(message).replaceAll("");
        message = SOURCE_AT_END.matcher(message).replaceAll("");
        message = SOURCE.matcher(message).replaceAll("");
        var location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            return message + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        }
        return message;
    }

    /** The I/O failure behind a Jackson exception: the body could not be read. */
    static IOException ioCause(JacksonIOException e) {
        return e.getCause() != null ? e.getCause() : new IOException(e.getMessage(), e);
    }
}
