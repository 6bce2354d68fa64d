package dev.escu.pssession.ingest.format.evtx;

import java.util.Arrays;

/** A reusable, growable run of characters: the text of one field or attribute as it is assembled. */
final class TextBuffer {

    private char[] chars = new char[256];
    private int length;

    int length() {
        return length;
    }

    void clear() {
        length = 0;
    }

    void append(char c) {
        ensure(1);
        chars[length++] = c;
    }

    void append(String s) {
        int n = s.length();
        ensure(n);
        s.getChars(0, n, chars, length);
        length += n;
    }

    /** Appends {@code units} UTF-16LE code units from {@code bytes} at {@code offset}. */
    void appendUtf16(byte[] bytes, int offset, int units) {
        ensure(units);
        char[] c = chars;
        int n = length;
        for (int i = 0, p = offset; i < units; i++, p += 2) {
            c[n + i] = (char) ((bytes[p] & 0xff) | (bytes[p + 1] << 8));
        }
        length = n + units;
    }

    /** The hexadecimal digits of {@code count} bytes, upper-case, as Windows renders binary values. */
    void appendHex(byte[] bytes, int offset, int count) {
        ensure(count * 2);
        for (int i = 0; i < count; i++) {
            int b = bytes[offset + i] & 0xff;
            chars[length++] = HEX[b >>> 4];
            chars[length++] = HEX[b & 0xf];
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    boolean contentEquals(String s) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (chars[i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return new String(chars, 0, length);
    }

    private void ensure(int more) {
        if (length + more > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + more));
        }
    }
}
