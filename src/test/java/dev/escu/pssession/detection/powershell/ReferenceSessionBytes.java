package dev.escu.pssession.detection.powershell;

import java.nio.charset.StandardCharsets;

/** The plain, character-at-a-time scanner the table-driven one must agree with: for tests. */
final class ReferenceSessionBytes {

    private static final byte[] SESSION_WORD = "PSSESSION".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ALIAS = "ETSN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TOTAL = "MESSAGETOTAL".getBytes(StandardCharsets.US_ASCII);

    private ReferenceSessionBytes() {
    }

    /** @return false only when the event's bytes cannot concern the hardened rule */
    static boolean mayConcern(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int word = 0;
        int alias = 0;
        int total = 0;
        for (int i = offset; i < end; i++) {
            int b = bytes[i] & 0xff;
            char c;
            if (b < 0x80) {
                switch (b) {
                    case '`' -> {
                        if (i + 2 < end && bytes[i + 1] == 'u' && bytes[i + 2] == '{') {
                            return true; // PowerShell 7's `u{...} can spell any letter
                        }
                        continue;
                    }
                    case '\\' -> {
                        if (i + 1 < end && bytes[i + 1] == 'u') {
                            return true; // a JSON \\u escape can spell any letter
                        }
                        continue; // the escape of \" or \\ in JSON
                    }
                    case '"', '\'' -> {
                        continue;
                    }
                    case '&' -> {
                        int skip = entity(bytes, i, end);
                        if (skip < 0) {
                            return true; // a character reference can spell any letter
                        }
                        if (skip > 0) {
                            i += skip - 1;
                            continue;
                        }
                        c = '&';
                    }
                    default -> c = b >= 'a' && b <= 'z' ? (char) (b - ('a' - 'A')) : (char) b;
                }
            } else {
                int cp = codePoint(bytes, i, end);
                i += utf8Length(b) - 1;
                if (cp < 0 || cp > 0xffff) {
                    c = '?';
                } else if (PowerShellChars.isQuote((char) cp)) {
                    continue;
                } else {
                    c = PowerShellChars.fold((char) cp);
                }
            }
            // Each word starts with a letter found nowhere else in it, so on a mismatch the match can
            // only restart at this character.
            word = c == SESSION_WORD[word] ? word + 1 : (c == 'P' ? 1 : 0);
            alias = c == ALIAS[alias] ? alias + 1 : (c == 'E' ? 1 : 0);
            if (word == SESSION_WORD.length || alias == ALIAS.length) {
                return true;
            }
            total = c == TOTAL[total] ? total + 1 : (c == 'M' ? 1 : 0);
            if (total == TOTAL.length) {
                total = 0;
                if (countAbove1(bytes, i + 1, end)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The length of an XML entity for a quote, apostrophe, ampersand or angle bracket starting at
     * {@code at} (skipped as the character it stands for, none of which is a letter), 0 when there is
     * none, or -1 for a character reference.
     */
    private static int entity(byte[] bytes, int at, int end) {
        if (at + 1 < end && bytes[at + 1] == '#') {
            return -1;
        }
        for (String name : new String[] {"&quot;", "&apos;", "&amp;", "&lt;", "&gt;"}) {
            if (at + name.length() <= end && startsWith(bytes, at, name)) {
                return name.length();
            }
        }
        return 0;
    }

    private static boolean startsWith(byte[] bytes, int at, String text) {
        for (int k = 0; k < text.length(); k++) {
            if (bytes[at + k] != text.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** After the name {@code MessageTotal}: its value, past a few bytes of quoting, is a number above 1. */
    private static boolean countAbove1(byte[] bytes, int from, int end) {
        int i = from;
        while (i < end && i < from + 8 && (bytes[i] < '0' || bytes[i] > '9')) {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < end && bytes[i] >= '0' && bytes[i] <= '9' && digits < 10) {
            value = value * 10 + (bytes[i] - '0');
            digits++;
            i++;
        }
        return digits > 0 && value > 1;
    }

    private static int utf8Length(int lead) {
        if (lead >= 0xf0) {
            return 4;
        }
        if (lead >= 0xe0) {
            return 3;
        }
        return lead >= 0xc0 ? 2 : 1;
    }

    /** The code point of the UTF-8 sequence at {@code at}, or -1 when it is malformed or cut. */
    private static int codePoint(byte[] bytes, int at, int end) {
        int lead = bytes[at] & 0xff;
        int n = utf8Length(lead);
        if (n == 1 || at + n > end) {
            return -1;
        }
        int cp = lead & (0xff >> (n + 1));
        for (int k = 1; k < n; k++) {
            int next = bytes[at + k] & 0xff;
            if ((next & 0xc0) != 0x80) {
                return -1;
            }
            cp = cp << 6 | (next & 0x3f);
        }
        return cp;
    }
}
