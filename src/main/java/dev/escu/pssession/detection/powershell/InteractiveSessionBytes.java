package dev.escu.pssession.detection.powershell;

/**
 * The hardened rule's early reject on an event's raw bytes (an NDJSON line or an XML event, before
 * anything is parsed): {@code false} only when the event cannot concern the rule. It concerns it when
 * its text may spell Enter-PSSession or etsn in a way {@link RemoteSessionAnalyzer#mayInvoke} admits,
 * read through the body's own escapes (JSON {@code \"} and {@code \\}, XML {@code &quot;} and the
 * like), or when it is one part of a script block logged in several ({@code MessageTotal} above 1),
 * which is judged when whole.
 *
 * <p>Why it is a necessary condition: {@code mayInvoke} drops quotes and backticks and folds case
 * before looking for {@code PSSESSION} or {@code ETSN}, and lets through any {@code `u{} escape. Here
 * the same characters are dropped, and so are the escape characters the formats add around them
 * (a backslash, an XML entity for a quote, apostrophe or ampersand); a JSON {@code \}{@code u}
 * escape or an XML character reference, which could spell any letter, lets the event through, and so
 * does a {@code `u{}. Multi-byte UTF-8 characters are decoded and folded as PowerShell folds them.
 *
 * <p>It runs on every event the searches' terms leave out, so it is one table-driven automaton over
 * the three words at once (PSSESSION, ETSN, MESSAGETOTAL): a byte costs a class lookup and a
 * transition; only escapes and multi-byte characters take the slow path.
 */
public final class InteractiveSessionBytes {

    private static final String SESSION_WORD = "PSSESSION";
    private static final String ALIAS = "ETSN";
    private static final String TOTAL = "MESSAGETOTAL";

    /** The letters the words are made of, each a class; every other character is class 0. */
    private static final String LETTERS = "PSEIONTMAGL";
    private static final int CLASSES = LETTERS.length() + 1;
    /** Byte classes past the letters: bytes skipped (quotes), and bytes that take the slow path. */
    private static final int SKIP = CLASSES;
    private static final int SLOW = CLASSES + 1;

    private static final int[] CLASS = new int[256];
    /**
     * Transitions, indexed by a state's row plus a class: the next state's row (the state times
     * CLASSES, so no multiplication stands between two lookups), or ACCEPT, or -2 - row after the word
     * MESSAGETOTAL ended there.
     */
    private static final int[] NEXT;
    private static final int ACCEPT = -1;

    /** Events shorter than this are read as one stream (splitting them would not pay). */
    private static final int SPLIT_FROM = 64;

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
                        // Each word starts with a letter found nowhere else in it, so on a mismatch the
                        // match can only restart at this character.
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
    }

    private InteractiveSessionBytes() {
    }

    private static int step(String word, int at, char c) {
        return c == word.charAt(at) ? at + 1 : (c == word.charAt(0) ? 1 : 0);
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
        int split = length < SPLIT_FROM ? -1 : resetPoint(bytes, offset + length / 2, end);
        if (split < 0) {
            return scan(bytes, offset, end, end, 0) == CONCERNS;
        }
        // Two halves read at once, so that the lookups of one overlap those of the other (a lookup
        // waits for the one before it). The second half starts right after a byte that sets every word
        // back to its start, where a single reading would be in the first state too.
        int i = offset;
        int j = split;
        int a = 0;
        int b = 0;
        int[] classes = CLASS;
        int[] next = NEXT;
        while (i < split && j < end) {
            int ca = classes[bytes[i] & 0xff];
            int cb = classes[bytes[j] & 0xff];
            if (ca >= SKIP || cb >= SKIP) {
                break; // a quote, an escape or a multi-byte character: read on one at a time
            }
            int na = next[a + ca];
            int nb = next[b + cb];
            if ((na | nb) < 0) {
                break; // a word ended in one of them
            }
            a = na;
            b = nb;
            i++;
            j++;
        }
        return scan(bytes, i, split, end, a) == CONCERNS || scan(bytes, j, end, end, b) == CONCERNS;
    }

    /** The answer of {@link #scan} when the bytes concern the rule (a state is never negative). */
    private static final long CONCERNS = -1;

    /**
     * The first byte at or after {@code from} (and before the last 16) that sets every word back to
     * its start whatever came before, plus one: a byte of class 0 that is read as itself, never as
     * part of an escape, an entity or a multi-byte character (so an ASCII byte, neither a letter nor
     * {@code ;} nor {@code #}: entities are made of those). -1 when there is none.
     */
    private static int resetPoint(byte[] bytes, int from, int end) {
        for (int k = from; k < end - 16; k++) {
            int b = bytes[k] & 0xff;
            if (CLASS[b] == 0 && b < 0x80 && !Character.isLetter(b) && b != ';' && b != '#') {
                return k + 1;
            }
        }
        return -1;
    }

    /**
     * Reads {@code bytes[from, to)} from the state row {@code state} (a character that starts before
     * {@code to} is read whole, up to {@code end}); {@link #CONCERNS}, or the state row reached.
     */
    private static long scan(byte[] bytes, int from, int to, int end, int state) {
        int[] classes = CLASS;
        int[] next = NEXT;
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xff;
            int c = classes[b];
            if (c >= SKIP) {
                if (c == SKIP) {
                    continue;
                }
                // the slow path: escapes and multi-byte characters
                if (b == '`') {
                    if (i + 2 < end && bytes[i + 1] == 'u' && bytes[i + 2] == '{') {
                        return CONCERNS; // PowerShell 7's `u{...} can spell any letter
                    }
                    continue;
                }
                if (b == '\\') {
                    if (i + 1 < end && bytes[i + 1] == 'u') {
                        return CONCERNS; // a JSON backslash-u escape can spell any letter
                    }
                    continue; // the escape of \" or \\ in JSON
                }
                if (b == '&') {
                    int skip = entity(bytes, i, end);
                    if (skip < 0) {
                        return CONCERNS; // a character reference can spell any letter
                    }
                    if (skip > 0) {
                        i += skip - 1;
                        continue;
                    }
                    c = 0;
                } else {
                    int cp = codePoint(bytes, i, end);
                    i += utf8Length(b) - 1;
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
                return CONCERNS;
            } else {
                state = -2 - n;
                if (countAbove1(bytes, i + 1, end)) {
                    return CONCERNS;
                }
            }
        }
        return state;
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
