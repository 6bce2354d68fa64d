package dev.escu.pssession.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.escu.pssession.detection.MatchPrefilter;

/**
 * The early reject alone, per set of detections ({@link DetectionSets}): the prefilter each set's service
 * would run on every NDJSON line, over the first lines of a corpus held in memory, one thread; the best
 * of the rounds, in µs a line, and how many lines it lets through (to be parsed).
 *
 * <pre>
 * java -Dbench.escu.dir=DIR -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
 *     dev.escu.pssession.bench.PrefilterBench [--file bench/work/corpus/corpus-1.ndjson] [--lines 50000]
 *     [--rounds 30] [--sets seed,bundled,escu,family]
 * </pre>
 */
public final class PrefilterBench {

    private static final byte[] JSON_ESCAPES = {'\\', 'u'};

    private PrefilterBench() {
    }

    public static void main(String[] args) throws Exception {
        Args options = new Args(args);
        Path file = Path.of(options.get("file", "bench/work/corpus/corpus-1.ndjson"));
        int lines = Integer.parseInt(options.get("lines", "50000"));
        int rounds = Integer.parseInt(options.get("rounds", "30"));
        List<String> sets = List.of(options.get("sets", "seed,bundled").split(","));

        byte[][] corpus;
        try (var read = Files.lines(file, StandardCharsets.UTF_8)) {
            corpus = read.limit(lines).map(line -> line.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        }
        System.out.printf("%s: %,d lines, %d rounds each%n", file, corpus.length, rounds);
        for (String set : sets) {
            MatchPrefilter prefilter = DetectionSets.of(set).prefilter();
            long best = Long.MAX_VALUE;
            int passed = 0;
            for (int round = 0; round < rounds; round++) {
                long started = System.nanoTime();
                passed = 0;
                for (byte[] line : corpus) {
                    if (prefilter.mayMatch(line, 0, line.length, JSON_ESCAPES)) {
                        passed++;
                    }
                }
                best = Math.min(best, System.nanoTime() - started);
            }
            System.out.printf("%-8s %.3f µs a line, %,d lines let through%n", set, best / 1000.0 / corpus.length, passed);
        }
    }
}
