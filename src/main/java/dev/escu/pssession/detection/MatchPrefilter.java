package dev.escu.pssession.detection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides from an event's raw bytes, before anything is parsed or allocated, whether any detection
 * could keep it: a detection keeps only events whose text holds every one of its terms, so an
 * event whose bytes lack a term of every detection cannot match. Bytes are compared with ASCII
 * case folding, as the matcher compares characters.
 *
 * <p>A format may encode letters indirectly (JSON {@code \u0045}, XML {@code &#x45;}); an event
 * whose bytes hold the format's escape marker is always read in full.
 */
public final class MatchPrefilter {

    /** Reads everything: for formats or callers that cannot use a prefilter. */
    public static final MatchPrefilter NONE = new MatchPrefilter(List.of(), true);

    private final List<byte[][]> termsPerDetection;
    private final boolean readAll;

    private MatchPrefilter(List<byte[][]> termsPerDetection, boolean readAll) {
        this.termsPerDetection = termsPerDetection;
        this.readAll = readAll;
    }

    public static MatchPrefilter of(DetectionCatalog catalog) {
        List<byte[][]> terms = new ArrayList<>();
        for (DetectionDefinition detection : catalog.all()) {
            List<DetectionDefinition.Contains> contains = detection.match().contains();
            if (contains.isEmpty()) {
                return NONE; // a detection without terms can match anything
            }
            byte[][] lowered = new byte[contains.size()][];
            for (int i = 0; i < contains.size(); i++) {
                lowered[i] = lower(contains.get(i).value().getBytes(StandardCharsets.UTF_8));
            }
            terms.add(lowered);
        }
        return new MatchPrefilter(List.copyOf(terms), false);
    }

    /**
     * @param escapeMarker the bytes that start an escape able to spell a letter in this format
     * @return false only when no detection can match the event
     */
    public boolean mayMatch(byte[] bytes, int offset, int length, byte[] escapeMarker) {
        if (readAll) {
            return true;
        }
        if (indexOf(bytes, offset, offset + length, escapeMarker, false) >= 0) {
            return true;
        }
        for (byte[][] terms : termsPerDetection) {
            boolean all = true;
            for (byte[] term : terms) {
                if (indexOf(bytes, offset, offset + length, term, true) < 0) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] bytes, int from, int to, byte[] term, boolean foldCase) {
        int m = term.length;
        if (m == 0) {
            return from;
        }
        byte first = term[0];
        for (int i = from, last = to - m; i <= last; i++) {
            if ((foldCase ? lower(bytes[i]) : bytes[i]) != first) {
                continue;
            }
            int j = 1;
            while (j < m && (foldCase ? lower(bytes[i + j]) : bytes[i + j]) == term[j]) {
                j++;
            }
            if (j == m) {
                return i;
            }
        }
        return -1;
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
