package dev.escu.pssession.detection;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides from an event's raw bytes, before anything is parsed or allocated, whether any detection
 * could keep it. Each detection gives a formula over the literal texts its search needs in
 * {@code ScriptBlockText} ({@link Terms}: AND needs all, OR and IN any, NOT and terms on other
 * fields nothing); an event whose bytes make no detection's formula hold cannot match. Bytes are
 * compared with ASCII case folding, as the matcher compares characters.
 *
 * <p>Terms must survive the body's encoding: a literal is cut at every byte that JSON or XML may
 * write as an escape ({@code \ " ' & < > /} and control characters), each remaining piece is
 * required, and a piece shorter than two bytes counts as always present. A format may also encode
 * letters indirectly (JSON {@code \u0045}, XML {@code &#x45;}); an event whose bytes hold the
 * format's escape marker is always read in full.
 *
 * <p>Two scanners, one pass each. For a handful of terms: eight bytes at a time, a term is looked for
 * only where its anchor pair stands (a byte that is not a letter when the term has one, and the
 * byte after it, such as the {@code -w} of {@code Invoke-WebRequest}), and so is the escape marker;
 * the pairs are found in a word with a few bit operations each, so the scan is branch-free until a
 * pair is found, which is rare. For more terms: one Aho-Corasick automaton over all terms of all
 * detections (and the marker), a table lookup per byte, long events read as two halves at once. The
 * formulas count what an event has found, node by node, so a term found costs the nodes naming it.
 * {@code false} only when no detection can match.
 */
public final class MatchPrefilter {

    /** Reads everything: for formats or callers that cannot use a prefilter. */
    public static final MatchPrefilter NONE = new MatchPrefilter(List.of(), new Formula[0]);

    /**
     * Up to this many distinct anchor pairs the word-at-a-time scan is used; beyond it the automaton
     * (two compares per pair per word, and a check per false candidate, against one table lookup per
     * byte): with more pairs the words cost more than the table ({@code MatchPrefilterTiming} under
     * src/test measures both on NDJSON script blocks).
     */
    static final int MAX_ANCHOR_PAIRS = 5;

    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LOWER = 0x2020202020202020L; // ASCII letters to lower case (and others changed)

    private final byte[][] termBytes;   // lowercased
    private final Formula[] detections; // one per detection that can match at all
    // The detections' formulas as nodes that count what they have: an "all" node holds once each of
    // its terms and operands does, an "any" node once one does; a node that comes to hold counts once
    // in the node above it, and a detection's root coming to hold means the event may match. Each
    // term is counted once per event (when first found), so an event costs what its terms found
    // touch, not a walk over every formula naming them.
    private final int[] need;          // per node: how many counts make it hold
    private final int[] parent;        // per node: the node it is an operand of, or -1 for a detection's root
    private final int[][] termNodes;   // per term: the nodes naming it directly
    private final ThreadLocal<Progress> progress;
    private final boolean readAll;
    private final int words;
    private final AnchorScan anchors;   // null when the automaton is used
    private final Map<Integer, ByteAutomaton> automata = new ConcurrentHashMap<>(); // by escape marker
    private final ByteTest also; // a native rule's own early reject, or null
    private final boolean alsoDecides; // every formula needs a word that also lets through: its no is final

    /**
     * What a detection needs in the raw bytes of {@code ScriptBlockText}: a formula over literal texts.
     * Build it from the search's expression: a literal piece of a value is a {@link Literal}, AND is
     * {@link AllOf}, OR and IN are {@link AnyOf}, and NOT, {@code !=} or a term on another field
     * (whose value may come from elsewhere than the bytes) is {@link AnyEvent}.
     */
    public sealed interface Terms {

        /** Needs nothing: any event may match. */
        Terms ANY_EVENT = new AnyEvent();

        static Terms literal(String text) {
            return new Literal(text);
        }

        static Terms allOf(List<Terms> terms) {
            return new AllOf(terms);
        }

        static Terms anyOf(List<Terms> terms) {
            return new AnyOf(terms);
        }

        /** The text must stand in the bytes (case-insensitively), as decoded from the format. */
        record Literal(String text) implements Terms {
        }

        record AllOf(List<Terms> terms) implements Terms {
            public AllOf {
                terms = List.copyOf(terms);
            }
        }

        /** Any of the terms; with none, nothing can match. */
        record AnyOf(List<Terms> terms) implements Terms {
            public AnyOf {
                terms = List.copyOf(terms);
            }
        }

        record AnyEvent() implements Terms {
        }
    }

    private MatchPrefilter(List<byte[]> terms, Formula[] detections) {
        this(terms, detections, MAX_ANCHOR_PAIRS);
    }

    private MatchPrefilter(List<byte[]> terms, Formula[] detections, int maxAnchorPairs) {
        this(terms, detections, maxAnchorPairs, null);
    }

    private MatchPrefilter(List<byte[]> terms, Formula[] detections, int maxAnchorPairs, ByteTest also) {
        this.also = also;
        this.termBytes = terms.toArray(new byte[0][]);
        this.detections = detections;
        List<String> letThrough = also == null ? List.of()
                : also.lettingThrough().stream().map(word -> word.toLowerCase(Locale.ROOT)).toList();
        this.alsoDecides = !letThrough.isEmpty()
                && Arrays.stream(detections).allMatch(formula -> formula.needsOneOf(letThrough, termBytes));
        this.readAll = detections.length == 0 || Arrays.stream(detections).anyMatch(f -> f == Formula.TRUE);
        this.words = Math.max(1, (termBytes.length + 63) >>> 6);
        List<Integer> needs = new ArrayList<>();
        List<Integer> parents = new ArrayList<>();
        List<List<Integer>> byTerm = new ArrayList<>();
        for (int t = 0; t < termBytes.length; t++) {
            byTerm.add(new ArrayList<>());
        }
        for (Formula detection : detections) {
            detection.addNodes(-1, needs, parents, byTerm);
        }
        this.need = needs.stream().mapToInt(Integer::intValue).toArray();
        this.parent = parents.stream().mapToInt(Integer::intValue).toArray();
        this.termNodes = byTerm.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        int nodes = need.length;
        int termWords = words;
        this.progress = ThreadLocal.withInitial(() -> new Progress(termWords, nodes));
        AnchorScan scan = new AnchorScan(termBytes);
        this.anchors = termBytes.length <= 64 && scan.pairs() <= maxAnchorPairs ? scan : null;
    }

    /** A prefilter for detections with these formulas; a detection whose formula needs nothing makes it read everything. */
    public static MatchPrefilter of(List<Terms> detections) {
        return of(detections, MAX_ANCHOR_PAIRS);
    }

    /** With a chosen threshold between the two scanners: for measurements. */
    static MatchPrefilter of(List<Terms> detections, int maxAnchorPairs) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        List<byte[]> terms = new ArrayList<>();
        List<Formula> formulas = new ArrayList<>();
        for (Terms detection : detections) {
            Formula formula = Formula.of(detection, ids, terms);
            if (formula == Formula.TRUE) {
                return NONE;
            }
            if (formula != Formula.FALSE) { // a detection that can never match needs no bytes
                formulas.add(formula);
            }
        }
        if (formulas.isEmpty()) {
            return detections.isEmpty() ? NONE : new MatchPrefilter(terms, new Formula[] {Formula.FALSE}, maxAnchorPairs);
        }
        return new MatchPrefilter(terms, formulas.toArray(new Formula[0]), maxAnchorPairs);
    }

    /**
     * @param escapeMarker the two bytes that start an escape able to spell a letter in this format
     * @return false only when no detection can match the event
     */
    public boolean mayMatch(byte[] bytes, int offset, int length, byte[] escapeMarker) {
        if (readAll) {
            return true;
        }
        if (also != null && also.mayMatch(bytes, offset, length)) {
            return true;
        }
        if (alsoDecides) {
            return false; // each formula needs a word that would have been let through
        }
        if (anchors != null) {
            return anchors.mayMatch(bytes, offset, length, escapeMarker);
        }
        int marker = (escapeMarker[0] & 0xff) << 8 | (escapeMarker[1] & 0xff);
        ByteAutomaton automaton = automata.computeIfAbsent(marker, m -> new ByteAutomaton(termBytes, escapeMarker));
        return automaton.mayMatch(bytes, offset, length);
    }

    /** The early reject of a detection whose judgement is no search (a native rule), on an event's raw bytes. */
    @FunctionalInterface
    public interface ByteTest {

        /** @return false only when the event cannot concern the rule */
        boolean mayMatch(byte[] bytes, int offset, int length);

        /**
         * Words (lowercase ASCII) the test always lets through: it says true for every event whose bytes
         * hold one of them, compared case-insensitively, or hold an escape able to spell a letter
         * ({@code \}{@code u} in JSON, {@code &#} in XML). When every other detection's formula needs a term
         * holding one of these words, the test's false is the prefilter's answer and the terms are not
         * looked for (they could only be found where the test would have said true).
         */
        default List<String> lettingThrough() {
            return List.of();
        }
    }

    /**
     * This prefilter, letting through also what {@code test} lets through, for a detection whose
     * search leaves the judgement to a native rule (its own terms would let every event through).
     *
     * @param terms the other detections' formulas
     */
    public static MatchPrefilter of(List<Terms> terms, ByteTest test) {
        MatchPrefilter searches = of(terms);
        if (searches.readAll && !terms.isEmpty()) {
            return searches; // some search reads every event anyway
        }
        Formula[] formulas = searches.readAll ? new Formula[] {Formula.FALSE} : searches.detections;
        return new MatchPrefilter(List.of(searches.termBytes), formulas, MAX_ANCHOR_PAIRS, test);
    }

    /** Whether the automaton scans (many terms) rather than the anchor pairs (a handful): for tests. */
    boolean scansWithAutomaton() {
        return !readAll && anchors == null;
    }

    /** What one event has shown so far: the terms found, and how much each formula node has. */
    private static final class Progress {
        final long[] found;
        final int[] count;
        final int[] countedIn; // the event each count belongs to: counts of earlier events are stale
        int event;

        Progress(int words, int nodes) {
            this.found = new long[words];
            this.count = new int[nodes];
            this.countedIn = new int[nodes];
        }

        /** Starts a new event: no term found, every count stale. */
        Progress start() {
            Arrays.fill(found, 0L);
            if (++event == 0) { // after 2^32 events the numbers come round: clear them once
                Arrays.fill(countedIn, 0);
                event = 1;
            }
            return this;
        }

        /** Whether {@code term} is found for the first time in this event (it is marked found). */
        boolean firstFind(int term) {
            long bit = 1L << term;
            int word = term >>> 6;
            if ((found[word] & bit) != 0) {
                return false;
            }
            found[word] |= bit;
            return true;
        }
    }

    /** Counts a newly found term in every node naming it; true once some detection's formula holds. */
    private boolean possible(Progress p, int term) {
        for (int node : termNodes[term]) {
            if (count(p, node)) {
                return true;
            }
        }
        return false;
    }

    /** One more count for {@code node}, passed up while nodes come to hold; true when a root does. */
    private boolean count(Progress p, int node) {
        while (true) {
            int c = p.countedIn[node] == p.event ? p.count[node] + 1 : 1;
            p.countedIn[node] = p.event;
            p.count[node] = c;
            if (c != need[node]) {
                return false; // not yet, or it came to hold before and was passed up then
            }
            node = parent[node];
            if (node < 0) {
                return true;
            }
        }
    }

    // ------------------------------------------------------------------ formulas

    /** A detection's formula over term ids: all (or any) of some terms and sub-formulas. */
    private static final class Formula {

        static final Formula TRUE = new Formula(true, new int[0], new Formula[0]);
        static final Formula FALSE = new Formula(false, new int[0], new Formula[0]);

        private final boolean all;
        private final int[] terms;
        private final Formula[] children;

        private Formula(boolean all, int[] terms, Formula[] children) {
            this.all = all;
            this.terms = terms;
            this.children = children;
        }

        static Formula of(Terms terms, Map<String, Integer> ids, List<byte[]> termBytes) {
            if (terms instanceof Terms.AnyEvent) {
                return TRUE;
            }
            if (terms instanceof Terms.Literal literal) {
                List<Integer> pieces = new ArrayList<>();
                for (byte[] piece : encodingSafePieces(literal.text())) {
                    String key = new String(piece, StandardCharsets.ISO_8859_1);
                    pieces.add(ids.computeIfAbsent(key, k -> {
                        termBytes.add(piece);
                        return termBytes.size() - 1;
                    }));
                }
                if (pieces.isEmpty()) {
                    return TRUE;
                }
                return new Formula(true, pieces.stream().mapToInt(Integer::intValue).distinct().toArray(), new Formula[0]);
            }
            boolean all = terms instanceof Terms.AllOf;
            List<Terms> operands = all ? ((Terms.AllOf) terms).terms() : ((Terms.AnyOf) terms).terms();
            Set<Integer> direct = new LinkedHashSet<>();
            List<Formula> children = new ArrayList<>();
            for (Terms operand : operands) {
                Formula child = of(operand, ids, termBytes);
                if (child == (all ? FALSE : TRUE)) {
                    return child; // one false operand sinks an AND, one true one lifts an OR
                }
                if (child == (all ? TRUE : FALSE)) {
                    continue;
                }
                if (child.all == all || child.terms.length + child.children.length == 1) {
                    Arrays.stream(child.terms).forEach(direct::add); // flatten same-kind or single-term operands
                    children.addAll(Arrays.asList(child.children));
                } else {
                    children.add(child);
                }
            }
            if (direct.isEmpty() && children.isEmpty()) {
                return all ? TRUE : FALSE;
            }
            if (direct.isEmpty() && children.size() == 1) {
                return children.get(0);
            }
            return new Formula(all, direct.stream().mapToInt(Integer::intValue).toArray(), children.toArray(new Formula[0]));
        }

        /** Whether the formula can hold only where the bytes hold one of the words (a term that holds one is found). */
        boolean needsOneOf(List<String> words, byte[][] termBytes) {
            if (all) { // one operand that needs a word is enough
                return Arrays.stream(terms).anyMatch(t -> holdsAny(termBytes[t], words))
                        || Arrays.stream(children).anyMatch(child -> child.needsOneOf(words, termBytes));
            }
            return Arrays.stream(terms).allMatch(t -> holdsAny(termBytes[t], words)) // any operand may hold
                    && Arrays.stream(children).allMatch(child -> child.needsOneOf(words, termBytes));
        }

        private static boolean holdsAny(byte[] term, List<String> words) { // terms are lowercase, as the words
            String text = new String(term, StandardCharsets.ISO_8859_1); // one char per byte
            return words.stream().anyMatch(text::contains);
        }

        /** Adds this formula's nodes below {@code parentNode}: its own, then its operands'. */
        void addNodes(int parentNode, List<Integer> needs, List<Integer> parents, List<List<Integer>> byTerm) {
            int node = needs.size();
            needs.add(all ? terms.length + children.length : 1);
            parents.add(parentNode);
            for (int t : terms) {
                byTerm.get(t).add(node);
            }
            for (Formula child : children) {
                child.addNodes(node, needs, parents, byTerm);
            }
        }
    }

    /**
     * The literal cut at every byte an encoding may escape, lowercased; pieces shorter than two bytes
     * are left out (they count as present). {@code System32\config\SAM} gives {@code system32},
     * {@code config} and {@code sam}: NDJSON writes it {@code System32\\config\\SAM}.
     */
    static List<byte[]> encodingSafePieces(String literal) {
        byte[] bytes = literal.getBytes(StandardCharsets.UTF_8);
        List<byte[]> pieces = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || mayBeEscaped(bytes[i])) {
                if (i - start >= 2) {
                    pieces.add(lower(Arrays.copyOfRange(bytes, start, i)));
                }
                start = i + 1;
            }
        }
        return pieces;
    }

    /** JSON escapes {@code \ "} and control characters (and may escape {@code /}); XML escapes {@code & < > " '}. */
    private static boolean mayBeEscaped(byte b) {
        return b == '\\' || b == '"' || b == '\'' || b == '&' || b == '<' || b == '>' || b == '/' || (b >= 0 && b < 0x20) || b == 0x7f;
    }

    // ------------------------------------------------------------------ the word-at-a-time scan

    /** The anchor-pair scan for a handful of terms (at most 64). */
    private final class AnchorScan {

        private final int[] anchorAt;   // where each term's anchor pair starts
        // The anchor pairs, both bytes lowercased (bit 0x20 set) and repeated in every lane of a word.
        // The first two get fields of their own, so the common case runs without an inner loop; an
        // unused one is 0x00, which a lowercased lane never equals.
        private final long first0;
        private final long second0;
        private final long first1;
        private final long second1;
        private final long[] moreFirst;
        private final long[] moreSecond;
        private final int pairs;

        AnchorScan(byte[][] terms) {
            this.anchorAt = new int[terms.length];
            Set<List<Byte>> distinct = new LinkedHashSet<>();
            for (int t = 0; t < terms.length; t++) {
                anchorAt[t] = anchor(terms[t]);
                distinct.add(List.of(terms[t][anchorAt[t]], terms[t][anchorAt[t] + 1]));
            }
            this.pairs = distinct.size();
            long[] firsts = new long[Math.max(2, distinct.size())];
            long[] seconds = new long[firsts.length];
            int p = 0;
            for (List<Byte> pair : distinct) {
                firsts[p] = lanes((byte) (pair.get(0) | 0x20));
                seconds[p] = lanes((byte) (pair.get(1) | 0x20));
                p++;
            }
            this.first0 = firsts[0];
            this.second0 = seconds[0];
            this.first1 = firsts[1];
            this.second1 = seconds[1];
            this.moreFirst = Arrays.copyOfRange(firsts, 2, firsts.length);
            this.moreSecond = Arrays.copyOfRange(seconds, 2, seconds.length);
        }

        int pairs() {
            return pairs;
        }

        boolean mayMatch(byte[] bytes, int offset, int length, byte[] escapeMarker) {
            int to = offset + length;
            byte escape = escapeMarker[0];
            byte escapeNext = escapeMarker[1];
            long escapeFirst = (escape & 0xffL) * ONES;
            long escapeSecond = (escapeNext & 0xffL) * ONES;
            Progress found = progress.get().start();
            long first0 = this.first0;
            long second0 = this.second0;
            long first1 = this.first1;
            long second1 = this.second1;
            long[] moreFirst = this.moreFirst;
            long[] moreSecond = this.moreSecond;
            int i = offset;
            for (; i + 9 <= to; i += 8) {
                long word = (long) WORDS.get(bytes, i);
                long next = (long) WORDS.get(bytes, i + 1); // lane j holds the byte after lane j of word
                long hits = zeros(word ^ escapeFirst) & zeros(next ^ escapeSecond);
                // Setting bit 0x20 lowercases letters (and makes a few other bytes look like anchors,
                // which termsAt then rejects: a false candidate costs time, never a missed match).
                long lowerWord = word | LOWER;
                long lowerNext = next | LOWER;
                hits |= zeros(lowerWord ^ first0) & zeros(lowerNext ^ second0)
                        | zeros(lowerWord ^ first1) & zeros(lowerNext ^ second1);
                for (int p = 0; p < moreFirst.length; p++) {
                    hits |= zeros(lowerWord ^ moreFirst[p]) & zeros(lowerNext ^ moreSecond[p]);
                }
                while (hits != 0) { // a lane above a real hit may be flagged falsely: each is checked
                    int k = i + (Long.numberOfTrailingZeros(hits) >>> 3);
                    hits &= hits - 1;
                    if (bytes[k] == escape && bytes[k + 1] == escapeNext) {
                        return true;
                    }
                    if (termsAt(bytes, k, offset, to, found)) {
                        return true;
                    }
                }
            }
            for (; i < to - 1; i++) {
                if (bytes[i] == escape && bytes[i + 1] == escapeNext) {
                    return true;
                }
                if (termsAt(bytes, i, offset, to, found)) {
                    return true;
                }
            }
            return false;
        }

        /** Records the terms whose anchor pair stands at k and whose whole text stands around it; true once a detection can match. */
        private boolean termsAt(byte[] bytes, int k, int from, int to, Progress found) {
            byte b = lower(bytes[k]);
            byte next = lower(bytes[k + 1]);
            for (int t = 0; t < termBytes.length; t++) {
                byte[] term = termBytes[t];
                int a = anchorAt[t];
                if ((found.found[0] & (1L << t)) == 0 && term[a] == b && term[a + 1] == next
                        && regionEquals(bytes, k - a, from, to, term)) {
                    found.firstFind(t);
                    if (possible(found, t)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static long lanes(byte b) {
        return (b & 0xffL) * ONES;
    }

    /** The high bit of every lane whose byte is zero (and, rarely, of a lane just above one). */
    private static long zeros(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    private static boolean regionEquals(byte[] bytes, int start, int from, int to, byte[] term) {
        if (start < from || start + term.length > to) {
            return false;
        }
        for (int j = 0; j < term.length; j++) {
            if (lower(bytes[start + j]) != term[j]) {
                return false;
            }
        }
        return true;
    }

    /** Where the anchor pair starts: at the first byte that is not a letter (rarer in text), else at 0. */
    private static int anchor(byte[] lowered) {
        for (int i = 0; i < lowered.length - 1; i++) {
            if (!isLetter(lowered[i])) {
                return i;
            }
        }
        return 0;
    }

    private static boolean isLetter(byte b) {
        return b >= 'a' && b <= 'z';
    }

    private static byte[] lower(byte[] bytes) {
        byte[] lowered = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            lowered[i] = lower(bytes[i]);
        }
        return lowered;
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }

    // ------------------------------------------------------------------ the automaton

    /**
     * Aho-Corasick over bytes with ASCII case folding, for many terms: all terms of all detections and
     * the format's escape marker in one deterministic table. A next state is stored negated when
     * something ends there, so the scan branches only then.
     */
    private final class ByteAutomaton {

        private static final int MARKER = -1;
        /** The answer of {@link #scan} when the event may match (a row is never negative). */
        private static final int FOUND = -1;
        /** Events shorter than this (and the longest pattern) are read as one stream. */
        private static final int SPLIT_FROM = 64;

        private final int[] byteClass = new int[256];
        private final int shift;
        private final int[] next;
        private final int[][] ends; // the term ids (or MARKER) ending at each state
        private final byte marker0;
        private final byte marker1;
        private final int longest; // the longest pattern's length

        ByteAutomaton(byte[][] terms, byte[] escapeMarker) {
            this.marker0 = escapeMarker[0];
            this.marker1 = escapeMarker[1];
            List<byte[]> patterns = new ArrayList<>(Arrays.asList(terms));
            patterns.add(new byte[] {lower(escapeMarker[0]), lower(escapeMarker[1])});
            int classes = 1;
            for (byte[] pattern : patterns) {
                for (byte b : pattern) {
                    if (byteClass[b & 0xff] == 0) {
                        byteClass[b & 0xff] = classes++;
                    }
                }
            }
            for (int c = 'A'; c <= 'Z'; c++) {
                byteClass[c] = byteClass[c + ('a' - 'A')];
            }
            int bits = 32 - Integer.numberOfLeadingZeros(classes - 1);
            this.shift = Math.max(bits, 1);
            int width = 1 << shift;

            List<int[]> classPatterns = new ArrayList<>();
            int[] ids = new int[patterns.size()];
            for (int p = 0; p < patterns.size(); p++) {
                byte[] pattern = patterns.get(p);
                int[] classesOf = new int[pattern.length];
                for (int k = 0; k < pattern.length; k++) {
                    classesOf[k] = byteClass[pattern[k] & 0xff];
                }
                classPatterns.add(classesOf);
                ids[p] = p == terms.length ? MARKER : p;
            }
            AhoCorasick automaton = AhoCorasick.build(classPatterns, ids, classes, width);
            int[] table = automaton.next();
            this.ends = automaton.found();
            int longestPattern = 0;
            for (byte[] pattern : patterns) {
                longestPattern = Math.max(longestPattern, pattern.length);
            }
            this.longest = longestPattern;
            // entries hold the next state's row (the state shifted), so no shift stands between two lookups
            for (int i = 0; i < table.length; i++) {
                int row = table[i] << shift;
                table[i] = ends[table[i]] != null ? ~row : row;
            }
            this.next = table;
        }

        boolean mayMatch(byte[] bytes, int offset, int length) {
            int end = offset + length;
            if (length < SPLIT_FROM + longest) {
                return scan(bytes, offset, end, 0, null) == FOUND;
            }
            // Two halves read at once, so that the lookups of one overlap those of the other (a lookup
            // waits for the one before it). The second half starts early by the longest pattern less
            // one byte: every pattern ending in it lies wholly inside it, and every other in the first.
            int[] next = this.next;
            int[] byteClass = this.byteClass;
            int mid = offset + length / 2;
            int i = offset;
            int j = mid - (longest - 1);
            int a = 0;
            int b = 0;
            Progress found = null;
            while (i < mid) {
                int na = next[a | byteClass[bytes[i] & 0xff]];
                int nb = next[b | byteClass[bytes[j] & 0xff]];
                if ((na | nb) < 0) {
                    if (found == null) {
                        found = progress.get().start();
                    }
                    if (na < 0 && ends(~na, bytes, i, found) || nb < 0 && ends(~nb, bytes, j, found)) {
                        return true;
                    }
                    na = na < 0 ? ~na : na;
                    nb = nb < 0 ? ~nb : nb;
                }
                a = na;
                b = nb;
                i++;
                j++;
            }
            return scan(bytes, j, end, b, found) == FOUND;
        }

        /** Reads {@code bytes[from, to)} from the state row {@code state}: {@link #FOUND}, or the row reached. */
        private int scan(byte[] bytes, int from, int to, int state, Progress found) {
            int[] next = this.next;
            int[] byteClass = this.byteClass;
            for (int i = from; i < to; i++) {
                state = next[state | byteClass[bytes[i] & 0xff]];
                if (state < 0) {
                    state = ~state;
                    if (found == null) {
                        found = progress.get().start();
                    }
                    if (ends(state, bytes, i, found)) {
                        return FOUND;
                    }
                }
            }
            return state;
        }

        /** The patterns ending at {@code i} in the state row {@code row}: true once the event may match. */
        private boolean ends(int row, byte[] bytes, int i, Progress found) {
            for (int t : ends[row >>> shift]) {
                if (t == MARKER) {
                    // the automaton folds case; the marker is exact (JSON's \U is no escape)
                    if (bytes[i - 1] == marker0 && bytes[i] == marker1) {
                        return true;
                    }
                    continue;
                }
                if (found.firstFind(t) && possible(found, t)) {
                    return true;
                }
            }
            return false;
        }
    }
}
