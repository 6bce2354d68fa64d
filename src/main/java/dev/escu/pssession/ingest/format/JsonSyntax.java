package dev.escu.pssession.ingest.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Kept over Jackson's streaming parser: 2.4x faster on corpus lines (494 vs 1,179 ns/line), bench ScannerBench --only json.
 *
 * <p>Whether one NDJSON line is a well-formed JSON object, checked without reading it: no strings,
 * no maps, no allocation. The early reject uses it for lines no detection can match, so a
 * malformed line is rejected with a reason whether or not it could have matched.
 *
 * <p>The grammar is RFC 8259's with the leniency {@link JsonObjects} reads with: raw control
 * characters inside strings are allowed. Strings must be UTF-8 (a lead byte followed by its
 * continuation bytes), nesting at most {@code maxDepth} deep, as Jackson would refuse otherwise.
 * One loop over the bytes with an explicit stack (a recursive descent cost twice as much in the
 * service). Not for several threads at once: it keeps the open containers in a field.
 */
final class JsonSyntax {

    static final String NOT_AN_OBJECT = "Not a JSON object: each line must hold one event object.";
    static final String TRAILING = "Unexpected content after the event object on the same line.";

    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = '"' * ONES;
    private static final long BACKSLASHES = '\\' * ONES;
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    // what the next token may be
    private static final int VALUE = 0;
    private static final int VALUE_OR_CLOSE = 1; // just after '['
    private static final int NAME = 2;
    private static final int NAME_OR_CLOSE = 3; // just after '{'
    private static final int AFTER_VALUE = 4;

    private final int maxDepth;
    private final boolean[] inArray; // per open container: an array, or an object
    private String error;

    JsonSyntax(int maxDepth) {
        this.maxDepth = maxDepth;
        this.inArray = new boolean[maxDepth];
    }

    /** @return {@code null} when the line is one JSON object (blanks around it allowed), else why not */
    String check(byte[] b, int offset, int length) {
        int end = offset + length;
        // A byte order mark where the line starts (a file's first line, kept when files are joined, or a
        // record's) is passed over, as Jackson passes it over; anywhere else it is an unexpected character.
        int p = blanks(b, ByteOrderMark.at(b, offset, end) ? offset + 3 : offset, end);
        if (p >= end || b[p] != '{') {
            return NOT_AN_OBJECT;
        }
        int depth = 0;
        int state = VALUE;
        while (true) {
            p = blanks(b, p, end);
            if (state == AFTER_VALUE && depth == 0) {
                return p < end ? TRAILING : null;
            }
            if (p >= end) {
                return malformed("unexpected end of the line", p - offset);
            }
            byte c = b[p];
            if ((state == NAME_OR_CLOSE && c == '}') || (state == VALUE_OR_CLOSE && c == ']')) {
                depth--;
                p++;
                state = AFTER_VALUE;
            } else if (state == NAME || state == NAME_OR_CLOSE) {
                if (c != '"') {
                    return unexpected(c, p - offset);
                }
                p = string(b, p + 1, end);
                if (p < 0) {
                    return malformed(error, ~p - offset);
                }
                p = blanks(b, p, end);
                if (p >= end || b[p] != ':') {
                    return p >= end ? malformed("unexpected end of the line", p - offset) : unexpected(b[p], p - offset);
                }
                p++;
                state = VALUE;
            } else if (state == VALUE || state == VALUE_OR_CLOSE) {
                if (c == '{' || c == '[') {
                    if (depth == maxDepth) {
                        return malformed("nesting deeper than " + maxDepth, p - offset);
                    }
                    inArray[depth++] = c == '[';
                    p++;
                    state = c == '[' ? VALUE_OR_CLOSE : NAME_OR_CLOSE;
                    continue;
                }
                if (c == '"') {
                    p = string(b, p + 1, end);
                } else if (c == '-' || isDigit(c)) {
                    p = number(b, p, end);
                } else if (c == 't' || c == 'f' || c == 'n') {
                    p = literal(b, p, end, c == 't' ? TRUE : c == 'f' ? FALSE : NULL);
                } else {
                    return unexpected(c, p - offset);
                }
                if (p < 0) {
                    return malformed(error, ~p - offset);
                }
                state = AFTER_VALUE;
            } else { // AFTER_VALUE inside a container
                boolean array = inArray[depth - 1];
                if (c == ',') {
                    p++;
                    state = array ? VALUE : NAME;
                } else if (c == (array ? ']' : '}')) {
                    depth--;
                    p++;
                } else {
                    return unexpected(c, p - offset);
                }
            }
        }
    }

    /**
     * From just after the opening quote: the position after the closing one, or {@code ~position}
     * of the error. Most of a line's bytes are string bytes, so plain ones (not a quote, a
     * backslash or a byte >= 0x80) are passed over eight at a time, and the first special byte of
     * a word is found from its bits.
     */
    private int string(byte[] b, int p, int end) {
        while (true) {
            long special = 0;
            while (p + 8 <= end && (special = specials((long) WORDS.get(b, p))) == 0) {
                p += 8;
            }
            if (special != 0) {
                p += Long.numberOfTrailingZeros(special) >>> 3;
            } else {
                while (p < end && b[p] >= 0 && b[p] != '"' && b[p] != '\\') {
                    p++; // the last bytes of the line, fewer than eight
                }
            }
            if (p >= end) {
                return fail("unexpected end of the line inside a string", p);
            }
            byte c = b[p++];
            if (c == '"') {
                return p;
            }
            p = c == '\\' ? escape(b, p, end) : utf8(b, p, end, c);
            if (p < 0) {
                return p;
            }
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

    /** Just after a backslash. */
    private int escape(byte[] b, int p, int end) {
        if (p >= end) {
            return fail("unexpected end of the line inside a string", p);
        }
        switch (b[p]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
                return p + 1;
            case 'u':
                for (int i = 1; i <= 4; i++) {
                    if (p + i >= end || Character.digit(b[p + i], 16) < 0) {
                        return fail("\\u not followed by four hex digits", p);
                    }
                }
                return p + 5;
            default:
                return fail("unrecognized escape \\" + printable(b[p]), p);
        }
    }

    /** Just after the lead byte {@code lead} of a multi-byte UTF-8 sequence: its continuation bytes. */
    private int utf8(byte[] b, int p, int end, byte lead) {
        int continuation;
        if ((lead & 0xE0) == 0xC0) {
            continuation = 1;
        } else if ((lead & 0xF0) == 0xE0) {
            continuation = 2;
        } else if ((lead & 0xF8) == 0xF0) {
            continuation = 3;
        } else {
            return fail("invalid UTF-8 start byte 0x" + Integer.toHexString(lead & 0xFF), p - 1);
        }
        for (int i = 0; i < continuation; i++, p++) {
            if (p >= end || (b[p] & 0xC0) != 0x80) {
                return fail("invalid UTF-8 middle byte", p);
            }
        }
        return p;
    }

    /** -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? followed by a delimiter. */
    private int number(byte[] b, int p, int end) {
        if (b[p] == '-') {
            p++;
        }
        if (p < end && b[p] == '0') {
            p++;
            if (p < end && isDigit(b[p])) {
                return fail("leading zeroes not allowed", p);
            }
        } else {
            int start = p;
            p = digits(b, p, end);
            if (p == start) {
                return fail("a number needs digits", p);
            }
        }
        if (p < end && b[p] == '.') {
            int start = ++p;
            p = digits(b, p, end);
            if (p == start) {
                return fail("decimal point not followed by a digit", p);
            }
        }
        if (p < end && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            if (p < end && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            int start = p;
            p = digits(b, p, end);
            if (p == start) {
                return fail("exponent indicator not followed by a digit", p);
            }
        }
        return delimited(b, p, end);
    }

    private static int digits(byte[] b, int p, int end) {
        while (p < end && isDigit(b[p])) {
            p++;
        }
        return p;
    }

    private int literal(byte[] b, int p, int end, byte[] word) {
        for (byte expected : word) {
            if (p >= end || b[p] != expected) {
                return p >= end ? fail("unexpected end of the line", p) : fail(unexpectedCharacter(b[p]), p);
            }
            p++;
        }
        return delimited(b, p, end);
    }

    // A number or literal ends at a blank, ',', '}', ']' or the end of the line: "truex", "1a" are errors.
    private int delimited(byte[] b, int p, int end) {
        if (p < end) {
            byte c = b[p];
            if (!isBlank(c) && c != ',' && c != '}' && c != ']') {
                return fail(unexpectedCharacter(c), p);
            }
        }
        return p;
    }

    private static int blanks(byte[] b, int p, int end) {
        while (p < end && isBlank(b[p])) {
            p++;
        }
        return p;
    }

    /** Keeps the reason; answers {@code ~position}, negative. */
    private int fail(String why, int position) {
        error = why;
        return ~position;
    }

    private static String malformed(String why, int byteOfLine) {
        return "Malformed JSON: " + why + " (byte " + (byteOfLine + 1) + " of the line)";
    }

    private static String unexpected(byte c, int byteOfLine) {
        return malformed(unexpectedCharacter(c), byteOfLine);
    }

    private static String unexpectedCharacter(byte c) {
        return "unexpected character '" + printable(c) + "'";
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
