package dev.escu.pssession.ingest.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Whether one NDJSON line is a well-formed JSON object, checked without reading it: no strings,
 * no maps, no allocation. The early reject uses it for lines no detection can match, so a
 * malformed line is rejected with a reason whether or not it could have matched.
 *
 * <p>The grammar is RFC 8259's with the leniency {@link JsonObjects} reads with: raw control
 * characters inside strings are allowed. Strings must be UTF-8 (a lead byte followed by its
 * continuation bytes), nesting at most {@code maxDepth} deep, as Jackson would refuse otherwise.
 * Not one instance per thread: it keeps its position in fields.
 */
final class JsonSyntax {

    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = '"' * ONES;
    private static final long BACKSLASHES = '\\' * ONES;

    private final int maxDepth;
    private byte[] b;
    private int pos;
    private int end;
    private String error;

    JsonSyntax(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    /** @return {@code null} when the line is one JSON object (blanks around it allowed), else why not */
    String check(byte[] bytes, int offset, int length) {
        b = bytes;
        pos = offset;
        end = offset + length;
        error = null;
        skipBlanks();
        if (pos >= end || b[pos] != '{') {
            return "Not a JSON object: each line must hold one event object.";
        }
        int start = offset;
        if (value(1)) {
            skipBlanks();
            if (pos < end) {
                return "Unexpected content after the event object on the same line.";
            }
            return null;
        }
        return "Malformed JSON: " + error + " (byte " + (pos - start + 1) + " of the line)";
    }

    private boolean value(int depth) {
        if (pos >= end) {
            return fail("unexpected end of the line");
        }
        byte c = b[pos];
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                pos++;
                return string();
            case 't':
                return literal("true");
            case 'f':
                return literal("false");
            case 'n':
                return literal("null");
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                return unexpected();
        }
    }

    private boolean object(int depth) {
        if (depth > maxDepth) {
            return fail("nesting deeper than " + maxDepth);
        }
        pos++; // {
        skipBlanks();
        if (pos < end && b[pos] == '}') {
            pos++;
            return true;
        }
        while (true) {
            if (pos >= end || b[pos] != '"') {
                return pos >= end ? fail("unexpected end of the line") : unexpected();
            }
            pos++;
            if (!string()) {
                return false;
            }
            skipBlanks();
            if (pos >= end || b[pos] != ':') {
                return pos >= end ? fail("unexpected end of the line") : unexpected();
            }
            pos++;
            skipBlanks();
            if (!value(depth + 1)) {
                return false;
            }
            skipBlanks();
            if (pos >= end) {
                return fail("unexpected end of the line");
            }
            if (b[pos] == '}') {
                pos++;
                return true;
            }
            if (b[pos] != ',') {
                return unexpected();
            }
            pos++;
            skipBlanks();
        }
    }

    private boolean array(int depth) {
        if (depth > maxDepth) {
            return fail("nesting deeper than " + maxDepth);
        }
        pos++; // [
        skipBlanks();
        if (pos < end && b[pos] == ']') {
            pos++;
            return true;
        }
        while (true) {
            if (!value(depth + 1)) {
                return false;
            }
            skipBlanks();
            if (pos >= end) {
                return fail("unexpected end of the line");
            }
            if (b[pos] == ']') {
                pos++;
                return true;
            }
            if (b[pos] != ',') {
                return unexpected();
            }
            pos++;
            skipBlanks();
        }
    }

    /**
     * From just after the opening quote to just after the closing one. Most of a line's bytes are
     * string bytes, so plain ones (not a quote, a backslash or a byte >= 0x80) are passed over a
     * word of eight at a time, and the first special byte of a word is found from its bits.
     */
    private boolean string() {
        byte[] bytes = b;
        int limit = end;
        int p = pos;
        while (true) {
            long special = 0;
            while (p + 8 <= limit && (special = specials((long) WORDS.get(bytes, p))) == 0) {
                p += 8;
            }
            if (special != 0) {
                p += Long.numberOfTrailingZeros(special) >>> 3;
            } else {
                while (p < limit && bytes[p] >= 0 && bytes[p] != '"' && bytes[p] != '\\') {
                    p++; // the last bytes of the line, fewer than eight
                }
            }
            if (p >= limit) {
                pos = p;
                return fail("unexpected end of the line inside a string");
            }
            byte c = bytes[p++];
            if (c == '"') {
                pos = p;
                return true;
            }
            pos = p;
            if (!(c == '\\' ? escape() : utf8(c))) {
                return false;
            }
            p = pos;
        }
    }

    /**
     * The high bit of each byte of the word that is '"' or '\\' or >= 0x80 (the zero-byte test of
     * each XOR; it can mark bytes above a true match too, never below, so the lowest mark is exact).
     */
    private static long specials(long word) {
        long quote = word ^ QUOTES;
        long backslash = word ^ BACKSLASHES;
        return (((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | word) & HIGHS;
    }

    private boolean escape() {
        if (pos >= end) {
            return fail("unexpected end of the line inside a string");
        }
        byte c = b[pos++];
        switch (c) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
                return true;
            case 'u':
                for (int i = 0; i < 4; i++) {
                    if (pos >= end || Character.digit(b[pos], 16) < 0) {
                        return fail("\\u not followed by four hex digits");
                    }
                    pos++;
                }
                return true;
            default:
                pos--;
                return fail("unrecognized escape \\" + printable(c));
        }
    }

    /** A multi-byte UTF-8 sequence whose lead byte {@code lead} was just read. */
    private boolean utf8(byte lead) {
        int continuation;
        if ((lead & 0xE0) == 0xC0) {
            continuation = 1;
        } else if ((lead & 0xF0) == 0xE0) {
            continuation = 2;
        } else if ((lead & 0xF8) == 0xF0) {
            continuation = 3;
        } else {
            pos--;
            return fail("invalid UTF-8 start byte 0x" + Integer.toHexString(lead & 0xFF));
        }
        for (int i = 0; i < continuation; i++) {
            if (pos >= end || (b[pos] & 0xC0) != 0x80) {
                return fail("invalid UTF-8 middle byte");
            }
            pos++;
        }
        return true;
    }

    /** -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? followed by a delimiter. */
    private boolean number() {
        if (b[pos] == '-') {
            pos++;
        }
        if (pos < end && b[pos] == '0') {
            pos++;
            if (pos < end && isDigit(b[pos])) {
                return fail("leading zeroes not allowed");
            }
        } else if (!digits()) {
            return fail("a number needs digits");
        }
        if (pos < end && b[pos] == '.') {
            pos++;
            if (!digits()) {
                return fail("decimal point not followed by a digit");
            }
        }
        if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
            pos++;
            if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
                pos++;
            }
            if (!digits()) {
                return fail("exponent indicator not followed by a digit");
            }
        }
        return delimited();
    }

    private boolean digits() {
        int start = pos;
        while (pos < end && isDigit(b[pos])) {
            pos++;
        }
        return pos > start;
    }

    private boolean literal(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (pos >= end || b[pos] != word.charAt(i)) {
                return unexpected();
            }
            pos++;
        }
        return delimited();
    }

    // A number or literal ends at blank, ',', '}', ']' or the end of the line: "truex", "1a" are errors.
    private boolean delimited() {
        if (pos < end) {
            byte c = b[pos];
            if (!isBlank(c) && c != ',' && c != '}' && c != ']') {
                return unexpected();
            }
        }
        return true;
    }

    private void skipBlanks() {
        while (pos < end && isBlank(b[pos])) {
            pos++;
        }
    }

    private boolean unexpected() {
        return fail("unexpected character '" + printable(b[pos]) + "'");
    }

    private boolean fail(String why) {
        error = why;
        return false;
    }

    private static String printable(byte c) {
        return c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("0x%02x", c & 0xFF);
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
