package dev.escu.pssession.detection;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides from an event's raw bytes, before anything is parsed or allocated, whether any detection
 * could keep it: a detection keeps only events whose text holds every one of its terms, so an
 * event whose bytes lack a term of every detection cannot match. Bytes are compared with ASCII
 * case folding, as the matcher compares characters.
 *
 * <p>A format may encode letters indirectly (JSON {@code \u0045}, XML {@code &#x45;}); an event
 * whose bytes hold the format's escape marker is always read in full.
 *
 * <p>One pass, eight bytes at a time: a term is looked for only where its anchor pair stands (a
 * byte that is not a letter when the term has one, and the byte after it, such as the {@code -p}
 * of {@code Enter-PSSession}), and so is the escape marker. The pairs are found in a word with a
 * few bit operations each (letters in either case by setting bit 0x20), so the scan is branch-free
 * until a pair is found, which is rare.
 */
public final class MatchPrefilter {

    /** Reads everything: for formats or callers that cannot use a prefilter. */
    public static final MatchPrefilter NONE = new MatchPrefilter(List.of(), List.of());

    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LOWER = 0x2020202020202020L; // ASCII letters to lower case (and others changed)

    private final byte[][] termBytes;   // lowercased
    private final int[] anchorAt;       // where each term's anchor pair starts
    private final long[] detectionMasks; // the terms each detection needs, as bits
    // The anchor pairs, both bytes lowercased (bit 0x20 set) and repeated in every lane of a word.
    // The first two get fields of their own, so the common case runs without an inner loop; an
    // unused one is 0x00, which a lowercased lane never equals.
    private final long first0;
    private final long second0;
    private final long first1;
    private final long second1;
    private final long[] moreFirst;
    private final long[] moreSecond;
    private final boolean readAll;

    private MatchPrefilter(List<byte[]> terms, List<Long> detectionMasks) {
        this.termBytes = terms.toArray(new byte[0][]);
        this.anchorAt = new int[termBytes.length];
        Set<List<Byte>> pairs = new LinkedHashSet<>();
        for (int t = 0; t < termBytes.length; t++) {
            anchorAt[t] = anchor(termBytes[t]);
            pairs.add(List.of(termBytes[t][anchorAt[t]], termBytes[t][anchorAt[t] + 1]));
        }
        long[] firsts = new long[Math.max(2, pairs.size())];
        long[] seconds = new long[firsts.length];
        int p = 0;
        for (List<Byte> pair : pairs) {
            firsts[p] = lanes((byte) (pair.get(0) | 0x20));
            seconds[p] = lanes((byte) (pair.get(1) | 0x20));
            p++;
        }
        this.first0 = firsts[0];
        this.second0 = seconds[0];
        this.first1 = firsts[1];
        this.second1 = seconds[1];
        this.moreFirst = java.util.Arrays.copyOfRange(firsts, 2, firsts.length);
        this.moreSecond = java.util.Arrays.copyOfRange(seconds, 2, seconds.length);
        this.detectionMasks = detectionMasks.stream().mapToLong(Long::longValue).toArray();
        this.readAll = termBytes.length == 0;
    }

    public static MatchPrefilter of(DetectionCatalog catalog) {
        List<byte[]> terms = new ArrayList<>();
        List<Long> masks = new ArrayList<>();
        for (DetectionDefinition detection : catalog.all()) {
            Set<String> distinct = new LinkedHashSet<>();
            detection.match().contains().forEach(c -> distinct.add(c.value()));
            if (distinct.isEmpty() || distinct.stream().anyMatch(t -> t.length() < 2)
                    || terms.size() + distinct.size() > 64) {
                return NONE; // a detection without terms (or with one-letter terms, or past 64) reads all
            }
            long mask = 0;
            for (String value : distinct) {
                mask |= 1L << terms.size();
                terms.add(lower(value.getBytes(StandardCharsets.UTF_8)));
            }
            masks.add(mask);
        }
        return new MatchPrefilter(terms, masks);
    }

    /**
     * @param escapeMarker the two bytes that start an escape able to spell a letter in this format
     * @return false only when no detection can match the event
     */
    public boolean mayMatch(byte[] bytes, int offset, int length, byte[] escapeMarker) {
        if (readAll) {
            return true;
        }
        int to = offset + length;
        byte escape = escapeMarker[0];
        byte escapeNext = escapeMarker[1];
        long escapeFirst = (escape & 0xffL) * ONES;
        long escapeSecond = (escapeNext & 0xffL) * ONES;
        long found = 0;
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
                found |= termsAt(bytes, k, offset, to, found);
                if (possible(found)) {
                    return true;
                }
            }
        }
        for (; i < to - 1; i++) {
            if (bytes[i] == escape && bytes[i + 1] == escapeNext) {
                return true;
            }
            found |= termsAt(bytes, i, offset, to, found);
            if (possible(found)) {
                return true;
            }
        }
        return false;
    }

    private static long lanes(byte b) {
        return (b & 0xffL) * ONES;
    }

    /** The high bit of every lane whose byte is zero (and, rarely, of a lane just above one). */
    private static long zeros(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    /** The terms whose anchor pair stands at k and whose whole text stands around it. */
    private long termsAt(byte[] bytes, int k, int from, int to, long found) {
        long at = 0;
        byte b = lower(bytes[k]);
        byte next = lower(bytes[k + 1]);
        for (int t = 0; t < termBytes.length; t++) {
            byte[] term = termBytes[t];
            int a = anchorAt[t];
            if ((found & (1L << t)) == 0 && term[a] == b && term[a + 1] == next && regionEquals(bytes, k - a, from, to, term)) {
                at |= 1L << t;
            }
        }
        return at;
    }

    private boolean possible(long found) {
        for (long mask : detectionMasks) {
            if ((found & mask) == mask) {
                return true;
            }
        }
        return false;
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

}
