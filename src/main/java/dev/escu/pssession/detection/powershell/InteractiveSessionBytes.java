package dev.escu.pssession.detection.powershell;

import java.util.List;
import java.util.stream.Stream;

/**
 * The hardened rule's early reject on an event's raw bytes (an NDJSON line or an XML event, before
 * anything is parsed): {@code false} only when the event cannot concern the rule. It concerns it when
 * its text may spell Enter-PSSession or etsn in a way {@link RemoteSessionAnalyzer#mayInvoke} admits,
 * read through the body's own escapes (JSON {@code \"} and {@code \\}, XML {@code &quot;} and the
 * like), or when it is one part of a script block logged in several (a count above 1 after the name
 * {@code Total}: {@code MessageTotal} in Windows XML, Splunk and Winlogbeat names, {@code total} where
 * the Elastic Agent's pipeline moves it, {@code powershell.total}), which is judged when whole.
 *
 * <p>Why it is a necessary condition: {@code mayInvoke} drops quotes and backticks and folds case
 * before looking for {@code PSSESSION} or {@code ETSN}, and lets through any {@code `u{} escape. Here
 * the same characters are dropped, and so are the escape characters the formats add around them
 * (a backslash, an XML entity for a quote, apostrophe or ampersand); a JSON {@code \}{@code u}
 * escape or an XML character reference, which could spell any letter, lets the event through, and so
 * does a {@code `u{}. Multi-byte UTF-8 characters are decoded and folded as PowerShell folds them.
 *
 * <p>It runs on every event the searches' terms leave out, so it is one table-driven automaton over
 * the three words at once (PSSESSION, ETSN, TOTAL): a byte costs a class lookup and a
 * transition; only escapes and multi-byte characters take the slow path. Most bytes are not read at
 * all: a match is at least four bytes long and only some pairs of bytes can stand side by side among
 * its first four ({@link #PAIRS}: a word's first letters, skipped characters, the bytes around an
 * escape), so where no word is under way the scan jumps three bytes at a time while the pair ending
 * the next three is none of those, as Horspool's search skips on one byte. The answer is that of
 * reading every byte.
 */
public final class InteractiveSessionBytes {

    private static final String SESSION_WORD = "PSSESSION";
    private static final String ALIAS = "ETSN";
    // the end of MessageTotal, and all of the Elastic Agent's powershell.total: a split block's count
    private static final String TOTAL = "TOTAL";

    /**
     * Words whose bytes always make {@link #mayConcern} true wherever they stand: the automaton finds
     * both anywhere (each starts with a letter found nowhere else in it, and nothing before a word can
     * hold its state back), and the escapes {@code \}{@code u} and {@code &#} let an event through too.
     */
    static final List<String> ALWAYS_CONCERNED = List.of("pssession", "etsn");

    /** The letters the words are made of, each a class; every other character is class 0. */
    private static final String LETTERS = "PSEIONTAL";
    private static final int CLASSES = LETTERS.length() + 1;
    /** Byte classes past the letters: bytes skipped (quotes), and bytes that take the slow path. */
    private static final int SKIP = CLASSES;
    private static final int SLOW = CLASSES + 1;

    private static final int[] CLASS = new int[256];
    /**
     * Transitions, indexed by a state's row plus a class: the next state's row (the state times
     * CLASSES, so no multiplication stands between two lookups), or ACCEPT, or -2 - row after the word
     * TOTAL ended there.
     */
    private static final int[] NEXT;
    private static final int ACCEPT = -1;

    /** The XML entities skipped as the character they stand for (none is a letter). */
    private static final String[] ENTITIES = {"&quot;", "&apos;", "&amp;", "&lt;", "&gt;"};

    /**
     * Pairs of bytes (at {@code first << 8 | second}) that may stand side by side among the first four
     * bytes of a match: where the pair ending a window of three is not one, no match starts in it, so
     * the scan jumps it ({@link #skip}). A flag a pair rather than a bit: one load, no shift.
     */
    private static final boolean[] PAIRS = new boolean[256 * 256];

    static {
        for (int b = 0; b < 256; b++) {
            CLASS[b] = b >= 0x80 ? SLOW : classOf((char) b);
        }
        CLASS['"'] = SKIP;
        CLASS['\''] = SKIP;
        CLASS['`'] = SLOW;
        CLASS['\\'] = SLOW;
        CLASS['&'] = SLOW;
        // a state is the position reached in each word: (word, alias, total)
        int states = SESSION_WORD.length() * ALIAS.length() * TOTAL.length();
        NEXT = new int[states * CLASSES];
        for (int w = 0; w < SESSION_WORD.length(); w++) {
            for (int a = 0; a < ALIAS.length(); a++) {
                for (int t = 0; t < TOTAL.length(); t++) {
                    for (int c = 0; c < CLASSES; c++) {
                        char letter = c == 0 ? '?' : LETTERS.charAt(c - 1);
                        int nw = step(SESSION_WORD, w, letter);
                        int na = step(ALIAS, a, letter);
                        int nt = step(TOTAL, t, letter);
                        int at = state(w, a, t) * CLASSES + c;
                        if (nw == SESSION_WORD.length() || na == ALIAS.length()) {
                            NEXT[at] = ACCEPT;
                        } else if (nt == TOTAL.length()) {
                            NEXT[at] = -2 - state(nw, na, 0) * CLASSES;
                        } else {
                            NEXT[at] = state(nw, na, nt) * CLASSES;
                        }
                    }
                }
            }
        }
        for (int x = 0; x < 256; x++) {
            for (int y = 0; y < 256; y++) {
                if (mayStandTogether(x, y)) {
                    pair(x, y);
                }
            }
        }
        for (String entity : ENTITIES) { // skipped whole: after a match's first letter, its first three bytes
            pair(entity.charAt(0), entity.charAt(1));
            pair(entity.charAt(1), entity.charAt(2));
        }
    }

    private static void pair(int first, int second) {
        PAIRS[first << 8 | second] = true;
    }

    /**
     * Whether byte x then byte y may be two of the first four bytes of a match (a word's first letters,
     * with skipped characters between them), or of the four bytes around an escape able to spell a
     * letter (from the byte before it to the byte after its {@code u} or {@code #}). Only the first
     * four count: a jump passes over no match that starts within it ({@link #skip}).
     */
    private static boolean mayStandTogether(int x, int y) {
        if (y == '\\' || y == '`' || y == '&' || x == 'u' || x == '#'
                || y == 'u' && (x == '\\' || x == '`') || x == '&' && y == '#') {
            return true; // the escapes `u{, backslash-u and &# with a byte either side
        }
        int cx = CLASS[x];
        int cy = CLASS[y];
        boolean letterX = cx > 0 && cx < CLASSES;
        boolean letterY = cy > 0 && cy < CLASSES;
        if (letterX && letterY) {
            return leadingLetters(x, y);
        }
        // A skipped character (a quote, an escape, an entity ending in ';', a multi-byte character) on
        // one side; a letter on the other must have one of those first letters after it (or before it).
        boolean xEnds = letterX ? leadingLetters(x, -1) : cx != 0 || x == ';';
        boolean yStarts = letterY ? leadingLetters(-1, y) : cy != 0;
        return xEnds && yStarts;
    }

    /** Whether letter x stands right before letter y among a word's first four (case folded; -1 for any letter). */
    private static boolean leadingLetters(int x, int y) {
        return Stream.of(SESSION_WORD, ALIAS, TOTAL).anyMatch(word -> {
            for (int k = 0; k < 3; k++) {
                if ((x < 0 || word.charAt(k) == Character.toUpperCase(x))
                        && (y < 0 || word.charAt(k + 1) == Character.toUpperCase(y))) {
                    return true;
                }
            }
            return false;
        });
    }

    private InteractiveSessionBytes() {
    }

    /**
     * How much of {@code word} is matched after {@code c} follows its first {@code at} letters: the
     * longest prefix of the word that ends the text read (TOTAL repeats its first letter, so after
     * "TOT" an "O" leaves "TO" under way, not nothing).
     */
    static int step(String word, int at, char c) {
        String read = word.substring(0, at) + c;
        for (int n = Math.min(read.length(), word.length()); n > 0; n--) {
            if (read.endsWith(word.substring(0, n))) {
                return n;
            }
        }
        return 0;
    }

    private static int state(int w, int a, int t) {
        return (w * ALIAS.length() + a) * TOTAL.length() + t;
    }

    private static int classOf(char folded) {
        char c = folded >= 'a' && folded <= 'z' ? (char) (folded - ('a' - 'A')) : folded;
        int letter = LETTERS.indexOf(c);
        return letter < 0 ? 0 : letter + 1;
    }

    /** @return false only when the event's bytes cannot concern the hardened rule */
    public static boolean mayConcern(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int[] classes = CLASS;
        int[] next = NEXT;
        int state = 0;
        int i = offset;
        int reading = offset; // up to where the scan reads every byte
        while (i < end) {
            if (state == 0 && i >= reading) {
                // No word is under way: jump to where one may start, and read the three bytes from
                // there before looking again.
                i = skip(bytes, i, end);
                reading = i + 3;
            }
            int b = bytes[i] & 0xff;
            int c = classes[b];
            i++;
            if (c >= SKIP) {
                if (c == SKIP) {
                    continue;
                }
                // the slow path: escapes and multi-byte characters
                if (b == '`') {
                    if (i + 1 < end && bytes[i] == 'u' && bytes[i + 1] == '{') {
                        return true; // PowerShell 7's `u{...} can spell any letter
                    }
                    continue;
                }
                if (b == '\\') {
                    if (i < end && bytes[i] == 'u') {
                        return true; // a JSON backslash-u escape can spell any letter
                    }
                    continue; // the escape of \" or \\ in JSON
                }
                if (b == '&') {
                    int skip = entity(bytes, i - 1, end);
                    if (skip < 0) {
                        return true; // a character reference can spell any letter
                    }
                    if (skip > 0) {
                        i += skip - 1;
                        continue;
                    }
                    c = 0;
                } else {
                    int cp = codePoint(bytes, i - 1, end);
                    i += charLength(bytes, i - 1, end) - 1;
                    if (cp >= 0 && cp <= 0xffff && PowerShellChars.isQuote((char) cp)) {
                        continue;
                    }
                    c = cp < 0 || cp > 0xffff ? 0 : classOf(PowerShellChars.fold((char) cp));
                }
            }
            int n = next[state + c];
            if (n >= 0) {
                state = n;
            } else if (n == ACCEPT) {
                return true;
            } else {
                state = -2 - n;
                if (countAbove1(bytes, i, end)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * From {@code i}, where no match begun before goes on: the first place a match may start, found by
     * looking at pairs of bytes (as Horspool's search looks at one): a match is at least four bytes
     * long and its first four hold only pairs of {@link #PAIRS}, so when the pair at i + 2 is none, no
     * match starts at i, i + 1 or i + 2. Stops where fewer than four bytes are left: the scan reads those.
     */
    private static int skip(byte[] bytes, int i, int end) {
        if (CLASS[bytes[i] & 0xff] == SLOW) {
            return i; // an escape's four bytes start one before it
        }
        while (i + 3 < end) {
            if (!pairAt(bytes, i + 2)) {
                i += 3;
            } else if (!pairAt(bytes, i + 1)) {
                i += 2;
            } else if (!pairAt(bytes, i)) {
                i += 1;
            } else {
                break;
            }
        }
        return i;
    }

    /** Whether bytes {@code at} and {@code at + 1} may stand side by side among the first four of a match. */
    private static boolean pairAt(byte[] bytes, int at) {
        return PAIRS[(bytes[at] & 0xff) << 8 | (bytes[at + 1] & 0xff)];
    }

    /**
     * The length of an XML entity for a quote, apostrophe, ampersand or angle bracket starting at
     * {@code at} (skipped as the character it stands for, none of which is a letter), 0 when there is
     * none, or -1 for a character reference.
     */
    static int entity(byte[] bytes, int at, int end) {
        if (at + 1 < end && bytes[at + 1] == '#') {
            return -1;
        }
        for (String name : ENTITIES) {
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

    /** After the name {@code MessageTotal} or {@code total}: its value, past a few bytes of quoting, is a number above 1. */
    static boolean countAbove1(byte[] bytes, int from, int end) {
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

    /**
     * How many bytes the character at {@code at} takes: its lead byte and the continuation bytes after
     * it. A malformed or cut sequence stops at the first byte that is not a continuation: a decoder
     * reads that byte on its own, and so must this scan (so a jump never lands inside a character).
     */
    static int charLength(byte[] bytes, int at, int end) {
        int n = utf8Length(bytes[at] & 0xff);
        int k = 1;
        while (k < n && at + k < end && (bytes[at + k] & 0xc0) == 0x80) {
            k++;
        }
        return k;
    }

    static int utf8Length(int lead) {
        if (lead >= 0xf0) {
            return 4;
        }
        if (lead >= 0xe0) {
            return 3;
        }
        return lead >= 0xc0 ? 2 : 1;
    }

    /** The code point of the UTF-8 sequence at {@code at}, or -1 when it is malformed or cut. */
    static int codePoint(byte[] bytes, int at, int end) {
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
