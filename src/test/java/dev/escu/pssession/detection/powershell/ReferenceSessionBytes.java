package dev.escu.pssession.detection.powershell;

import java.nio.charset.StandardCharsets;

/**
 * The plain, character-at-a-time word matching the table-driven automaton must agree with: for tests.
 * It reads escapes, entities and multi-byte characters with the scanner's own helpers.
 */
final class ReferenceSessionBytes {

    private static final byte[] SESSION_WORD = "PSSESSION".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ALIAS = "ETSN".getBytes(StandardCharsets.US_ASCII);
    private static final String TOTAL = "TOTAL"; // MessageTotal's end, and the Elastic Agent's powershell.total

    private ReferenceSessionBytes() {
    }

    /** @return false only when the event's bytes cannot concern the hardened rule */
    static boolean mayConcern(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int word = 0;
        int alias = 0;
        StringBuilder total = new StringBuilder(); // the last characters read, as many as TOTAL has
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
                        int skip = InteractiveSessionBytes.entity(bytes, i, end);
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
                int cp = InteractiveSessionBytes.codePoint(bytes, i, end);
                i += InteractiveSessionBytes.charLength(bytes, i, end) - 1;
                if (cp < 0 || cp > 0xffff) {
                    c = '?';
                } else if (PowerShellChars.isQuote((char) cp)) {
                    continue;
                } else {
                    c = PowerShellChars.fold((char) cp);
                }
            }
            // PSSESSION and ETSN each start with a letter found nowhere else in them, so on a mismatch
            // the match can only restart at this character; TOTAL repeats its T, so it is compared whole.
            word = c == SESSION_WORD[word] ? word + 1 : (c == 'P' ? 1 : 0);
            alias = c == ALIAS[alias] ? alias + 1 : (c == 'E' ? 1 : 0);
            if (word == SESSION_WORD.length || alias == ALIAS.length) {
                return true;
            }
            total.append(c);
            if (total.length() > TOTAL.length()) {
                total.deleteCharAt(0);
            }
            if (total.toString().equals(TOTAL)) {
                total.setLength(0);
                if (InteractiveSessionBytes.countAbove1(bytes, i + 1, end)) {
                    return true;
                }
            }
        }
        return false;
    }
}
