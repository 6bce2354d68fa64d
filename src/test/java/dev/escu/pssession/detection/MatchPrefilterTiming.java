package dev.escu.pssession.detection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.escu.pssession.detection.MatchPrefilter.Terms;

/**
 * A rough timing of the two scanners of {@link MatchPrefilter} (not a test: run its main by hand;
 * JMH is not set up in this module). Prints nanoseconds per kilobyte of NDJSON lines that no
 * detection matches (the common case: every byte is scanned) for growing numbers of anchor pairs,
 * with the word-at-a-time scan and with the automaton, which is how
 * {@link MatchPrefilter#MAX_ANCHOR_PAIRS} was chosen.
 */
public final class MatchPrefilterTiming {

    private static final byte[] JSON = {'\\', 'u'};

    private MatchPrefilterTiming() {
    }

    public static void main(String[] args) {
        List<byte[]> lines = lines();
        long bytes = lines.stream().mapToLong(l -> l.length).sum();
        System.out.printf("%d lines, %d bytes%n", lines.size(), bytes);
        time(MatchPrefilter.of(detections(3), Integer.MAX_VALUE), lines); // warm up both scanners
        time(MatchPrefilter.of(detections(3), 0), lines);
        for (int pairs : new int[] {1, 2, 3, 4, 5, 6, 8, 12, 16, 32}) {
            List<Terms> detections = detections(pairs);
            MatchPrefilter words = MatchPrefilter.of(detections, Integer.MAX_VALUE);
            MatchPrefilter automaton = MatchPrefilter.of(detections, 0);
            System.out.printf("%2d anchor pairs: words %6.0f ns/KB, automaton %6.0f ns/KB%n", pairs,
                    time(words, lines) * 1024.0 / bytes, time(automaton, lines) * 1024.0 / bytes);
        }
    }

    /** Detections whose terms have the given number of distinct anchor pairs (the byte after a '-'). */
    private static List<Terms> detections(int pairs) {
        List<Terms> detections = new ArrayList<>();
        String letters = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int p = 0; p < pairs; p++) {
            detections.add(Terms.allOf(List.of(Terms.literal("Verb-" + letters.charAt(p) + "Noun"), Terms.literal("-" + letters.charAt(p) + "Param"))));
        }
        return detections;
    }

    private static List<byte[]> lines() {
        Random random = new Random(1);
        String[] words = {"Get-ChildItem", "Select-Object", "$env:TEMP", "Where-Object", "{", "}", "-Path", "C:\\\\Windows", "|", "foreach",
                "$_", "Write-Host", "\\r\\n", "Name", "Length", "Out-File", "-Encoding", "utf8", "\\\"text\\\""};
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 50 + random.nextInt(200); w > 0; w--) {
                text.append(words[random.nextInt(words.length)]).append(' ');
            }
            String line = "{\"EventCode\":\"4104\",\"Computer\":\"WS-" + i + ".contoso.local\",\"ScriptBlockText\":\"" + text + "\"}";
            lines.add(line.getBytes(StandardCharsets.UTF_8));
        }
        return lines;
    }

    private static long time(MatchPrefilter prefilter, List<byte[]> lines) {
        long best = Long.MAX_VALUE;
        int kept = 0;
        for (int round = 0; round < 15; round++) {
            long start = System.nanoTime();
            for (byte[] line : lines) {
                if (prefilter.mayMatch(line, 0, line.length, JSON)) {
                    kept++;
                }
            }
            best = Math.min(best, System.nanoTime() - start);
        }
        if (kept < 0) {
            System.out.println(kept);
        }
        return best;
    }
}
