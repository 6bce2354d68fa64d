package dev.escu.pssession.detection.spl;

import java.util.ArrayList;
import java.util.List;

import dev.escu.pssession.detection.CaseInsensitive;

/**
 * A value of the {@code search} command, such as {@code "*Invoke-WebRequest*"}: {@code *} stands for
 * any run of characters (none, and line breaks too), everything else compares case-insensitively
 * (Splunk: "field values are not case sensitive"; ASCII folding, see {@link CaseInsensitive}).
 * Without {@code *} the whole value must equal; {@code *} alone only needs the field to be present.
 *
 * @param text the value after the search language's escapes were undone ({@code \\} and {@code \"})
 */
public record WildcardValue(String text) {

    public WildcardValue {
        if (text == null) {
            throw new IllegalArgumentException("a wildcard value needs a text");
        }
    }

    /** How the value's literal pieces have to stand in a field value. */
    public enum Shape {
        /** no {@code *}: the whole value equals the piece */
        EXACT,
        /** only {@code *}: any value */
        ANY,
        /** {@code *x*}: one piece anywhere */
        CONTAINS,
        /** anything else: pieces in order, the first at the start unless a {@code *} leads, the last at the end unless one trails */
        ORDERED
    }

    /** The literal texts between the {@code *}s, empty ones left out, in order. */
    public List<String> pieces() {
        List<String> pieces = new ArrayList<>();
        for (String piece : text.split("\\*", -1)) {
            if (!piece.isEmpty()) {
                pieces.add(piece);
            }
        }
        return pieces;
    }

    public Shape shape() {
        if (text.indexOf('*') < 0) {
            return Shape.EXACT;
        }
        List<String> pieces = pieces();
        if (pieces.isEmpty()) {
            return Shape.ANY;
        }
        if (pieces.size() == 1 && text.startsWith("*") && text.endsWith("*")) {
            return Shape.CONTAINS;
        }
        return Shape.ORDERED;
    }

    /** Whether a present field value matches; a missing field never does (callers check for null). */
    public boolean matches(String value) {
        if (text.indexOf('*') < 0) {
            return CaseInsensitive.equals(text, value);
        }
        String[] parts = text.split("\\*", -1); // the first and last part are anchored, empty when * leads or trails
        int start = 0;
        int end = value.length();
        String first = parts[0];
        String last = parts[parts.length - 1];
        if (!regionEquals(value, 0, first)) {
            return false;
        }
        start = first.length();
        if (end - start < last.length() || !regionEquals(value, end - last.length(), last)) {
            return false;
        }
        end -= last.length();
        for (int p = 1; p < parts.length - 1; p++) {
            String piece = parts[p];
            if (piece.isEmpty()) {
                continue;
            }
            int at = indexOf(value, piece, start, end);
            if (at < 0) {
                return false;
            }
            start = at + piece.length(); // leftmost placement leaves the most room for the pieces after it
        }
        return true;
    }

    private static boolean regionEquals(String value, int at, String piece) {
        if (at < 0 || at + piece.length() > value.length()) {
            return false;
        }
        for (int i = 0; i < piece.length(); i++) {
            if (CaseInsensitive.lower(value.charAt(at + i)) != CaseInsensitive.lower(piece.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(String value, String piece, int from, int to) {
        for (int i = from, last = to - piece.length(); i <= last; i++) {
            if (regionEquals(value, i, piece)) {
                return i;
            }
        }
        return -1;
    }

    /** The value as the search language writes it: quoted, with {@code \} and {@code "} escaped. */
    public String quoted() {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Override
    public String toString() {
        return quoted();
    }
}
