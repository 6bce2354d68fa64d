package dev.escu.pssession.detection.spl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.escu.pssession.detection.AhoCorasick;
import dev.escu.pssession.detection.CaseInsensitive;

/**
 * Aho-Corasick over characters with ASCII case folding: finds, in one pass over a text, which of
 * many literal pieces occur in it. Built once, then a deterministic table (state x character class),
 * so a scan costs two array reads per character. Immutable; safe to share.
 */
final class CharAutomaton {

    private final int[] asciiClass = new int[128];
    private final Map<Character, Integer> otherClass = new HashMap<>();
    private final int shift;       // a state's row is 1 << shift wide
    private final int[] next;      // next[state << shift | class], negated when a piece ends there; class 0 (no piece has the character) leads to the root
    private final int[][] found;   // the piece ids that end at each state, or null

    /**
     * @param pieces the literal pieces (compared case-insensitively in ASCII)
     * @param ids    the id each piece reports when found
     */
    CharAutomaton(List<String> pieces, int[] ids) {
        int classCount = 1;
        for (String piece : pieces) {
            for (int i = 0; i < piece.length(); i++) {
                char c = CaseInsensitive.lower(piece.charAt(i));
                if (c < 128) {
                    if (asciiClass[c] == 0) {
                        asciiClass[c] = classCount++;
                    }
                } else if (!otherClass.containsKey(c)) {
                    otherClass.put(c, classCount++);
                }
            }
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            asciiClass[c] = asciiClass[CaseInsensitive.lower(c)];
        }
        int classes = classCount;
        this.shift = Math.max(1, 32 - Integer.numberOfLeadingZeros(classes - 1));
        int width = 1 << shift;

        List<int[]> classPatterns = new ArrayList<>();
        for (String piece : pieces) {
            classPatterns.add(piece.chars().map(c -> classOf((char) c)).toArray());
        }
        AhoCorasick automaton = AhoCorasick.build(classPatterns, ids, classes, width);
        int[] next = automaton.next();
        this.found = automaton.found();
        for (int i = 0; i < next.length; i++) {
            if (found[next[i]] != null) {
                next[i] = ~next[i];
            }
        }
        this.next = next;
    }

    private int classOf(char c) {
        char folded = CaseInsensitive.lower(c);
        if (folded < 128) {
            return asciiClass[folded];
        }
        Integer cls = otherClass.get(folded);
        return cls == null ? 0 : cls;
    }

    /** Sets the bit of every piece that occurs in the text. */
    void scan(String text, long[] foundBits) {
        int state = 0;
        int[] next = this.next;
        int shift = this.shift;
        int[] asciiClass = this.asciiClass;
        boolean others = !otherClass.isEmpty();
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            int cls = c < 128 ? asciiClass[c] : others ? classOf(c) : 0;
            state = next[state << shift | cls];
            if (state < 0) {
                state = ~state;
                for (int id : found[state]) {
                    foundBits[id >>> 6] |= 1L << id;
                }
            }
        }
    }
}
