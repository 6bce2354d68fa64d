package dev.escu.pssession.ingest.format;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * XML 1.0 forbids most control characters, even as character references, but a script block may
 * hold them (and Splunk, which extracts fields with regular expressions, reads such events). So
 * that an attacker cannot hide a script from the detection with one {@code \u0001}, each forbidden
 * control character is carried through the XML parser as a private-use character of plane 16
 * (U+10FF00 + its code) and restored afterwards.
 */
final class XmlControlCharacters {

    private static final int CARRIER = 0x10FF00;
    private static final char CARRIER_HIGH = Character.highSurrogate(CARRIER);

    private XmlControlCharacters() {
    }

    /** The event's bytes with forbidden control characters (raw or referenced) replaced; {@code null} if it has none. */
    static byte[] protect(byte[] bytes, int length) {
        if (!needsProtection(bytes, length)) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 64);
        int i = 0;
        while (i < length) {
            int b = bytes[i] & 0xff;
            if (forbidden(b)) {
                carrier(out, b);
                i++;
            } else if (b == '&' && i + 1 < length && bytes[i + 1] == '#') {
                int end = i + 2;
                while (end < length && end - i < 12 && bytes[end] != ';') {
                    end++;
                }
                int code = end < length && bytes[end] == ';' ? reference(bytes, i + 2, end) : -1;
                if (code >= 0 && forbidden(code)) {
                    carrier(out, code);
                } else {
                    out.write(bytes, i, Math.min(end + 1, length) - i);
                }
                i = Math.min(end + 1, length);
            } else {
                out.write(b);
                i++;
            }
        }
        return out.toByteArray();
    }

    /** A parsed value with carried control characters turned back into themselves. */
    static String restore(String value) {
        if (value.indexOf(CARRIER_HIGH) < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (cp >= CARRIER && cp < CARRIER + 0x20) {
                out.append((char) (cp - CARRIER));
            } else {
                out.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static boolean needsProtection(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            int b = bytes[i] & 0xff;
            if (forbidden(b) || (b == '&' && i + 1 < length && bytes[i + 1] == '#')) {
                return true;
            }
        }
        return false;
    }

    private static boolean forbidden(int code) {
        return code < 0x20 && code != '\t' && code != '\n' && code != '\r';
    }

    private static int reference(byte[] bytes, int from, int to) {
        String text = new String(bytes, from, to - from, StandardCharsets.US_ASCII);
        try {
            return text.startsWith("x") || text.startsWith("X")
                    ? Integer.parseInt(text.substring(1), 16) : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void carrier(ByteArrayOutputStream out, int code) {
        byte[] ref = ("&#x" + Integer.toHexString(CARRIER + code) + ";").getBytes(StandardCharsets.US_ASCII);
        out.write(ref, 0, ref.length);
    }
}
