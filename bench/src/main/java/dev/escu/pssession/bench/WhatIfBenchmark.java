package dev.escu.pssession.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import dev.escu.pssession.detection.DetectionCatalog;
import dev.escu.pssession.detection.DetectionEngine;
import dev.escu.pssession.detection.ResultFilter;
import dev.escu.pssession.ingest.EventPipeline;
import dev.escu.pssession.ingest.IngestDefaults;
import dev.escu.pssession.ingest.format.NdjsonEventFormat;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;

/**
 * What-if, not the service's code: how fast (a) could be with the proposed early reject. Each
 * NDJSON line is first scanned as raw bytes for both terms of the detection (ASCII case folding,
 * as {@code CaseInsensitive} folds); a line holding a JSON {@code \\u} escape stays a candidate,
 * since an escape could spell a letter. Only candidates go through the service's full pipeline.
 * <ul>
 *   <li>{@code prefilter}: non-candidates are only counted;</li>
 *   <li>{@code prefilterValidate}: non-candidates are also tokenised by Jackson without
 *       materialising a single value, so that malformed lines could still be rejected and counted
 *       exactly as today.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WhatIfBenchmark {

    @Param({"1"})
    public String rate;

    private static final byte[] TERM_1 = "enter-pssession".getBytes();
    private static final byte[] TERM_2 = "-computername".getBytes();

    private byte[] body;
    private final NdjsonEventFormat format = new NdjsonEventFormat(PipelineBenchmark.limits());
    private final DetectionEngine engine = new DetectionEngine(DetectionCatalog.builtIn());
    private final Instant receivedAt = Instant.parse("2026-03-08T00:00:00Z");
    private final JsonFactory json = JsonFactory.builder().enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS).build();

    @Setup(Level.Trial)
    public void load() throws IOException {
        body = Files.readAllBytes(PipelineBenchmark.corpus(rate));
    }

    @Benchmark
    public long prefilter(Blackhole bh) throws IOException {
        return run(bh, false);
    }

    @Benchmark
    public long prefilterValidate(Blackhole bh) throws IOException {
        return run(bh, true);
    }

    /**
     * The same decision in one pass, 8 bytes at a time: both terms contain a '-', so only the
     * '-' bytes are looked at closely ("-computername" forwards, "enter" backwards and "pssession"
     * forwards); '\n' ends a line and '\\' may start an escape.
     */
    @Benchmark
    public long prefilterSwar(Blackhole bh) throws IOException {
        ByteArrayOutputStream candidates = new ByteArrayOutputStream(1 << 20);
        byte[] b = body;
        int n = b.length;
        long skipped = 0;
        int lineStart = 0;
        t1 = t2 = escape = false;
        int i = 0;
        while (i < n) {
            if (i + 8 <= n) {
                long v = (long) LONGS.get(b, i);
                if ((special(v ^ DASHES) | special(v ^ NEWLINES) | special(v ^ BACKSLASHES)) == 0) {
                    i += 8;
                    continue;
                }
            }
            int end = Math.min(i + 8, n);
            long mask = -1L;
            if (end - i == 8) {
                long v = (long) LONGS.get(b, i);
                mask = special(v ^ DASHES) | special(v ^ NEWLINES) | special(v ^ BACKSLASHES);
            }
            int base = i;
            i = end;
            while (mask != 0) {
                int k = base + (mask == -1L ? 0 : Long.numberOfTrailingZeros(mask) >>> 3);
                if (mask == -1L) {
                    // the tail of the body, fewer than 8 bytes: every byte
                    for (int t = base; t < end; t++) {
                        lineStart = step(b, t, n, candidates, lineStart);
                    }
                    break;
                }
                mask &= ~(0xFFL << ((k - base) << 3));
                int before = lineStart;
                lineStart = step(b, k, n, candidates, lineStart);
                if (before != lineStart) {
                    skipped += lastSkipped;
                }
            }
        }
        if (lineStart < n) {
            if (t1 && t2 || escape) {
                candidates.write(b, lineStart, n - lineStart);
            } else {
                skipped++;
            }
        }
        EventPipeline pipeline = new EventPipeline(engine, ResultFilter.NONE, IngestDefaults.NONE, receivedAt, 1000,
                (hit, identity) -> bh.consume(hit));
        format.parse(new ByteArrayInputStream(candidates.toByteArray()), pipeline);
        return skipped + pipeline.matched() * 1_000_000L;
    }

    // scanning state of prefilterSwar (one benchmark thread)
    private boolean t1;
    private boolean t2;
    private boolean escape;
    private int lastSkipped;

    /** Looks at one special byte; returns the start of the current line. */
    private int step(byte[] b, int i, int n, ByteArrayOutputStream candidates, int lineStart) {
        byte c = b[i];
        if (c == '-') {
            if (!t2 && matchesAt(b, i, n, TERM_2)) {
                t2 = true;
            } else if (!t1 && i >= 5 && matchesAt(b, i - 5, n, TERM_1)) {
                t1 = true;
            }
        } else if (c == '\\') {
            if (i + 1 < n && b[i + 1] == 'u') {
                escape = true;
            }
        } else if (c == '\n') {
            if (t1 && t2 || escape) {
                candidates.write(b, lineStart, i + 1 - lineStart);
                lastSkipped = 0;
            } else {
                lastSkipped = 1;
            }
            t1 = t2 = escape = false;
            return i + 1;
        }
        return lineStart;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long DASHES = 0x2D2D2D2D2D2D2D2DL;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

    /** Non-zero when some byte of {@code x} is zero (the classic SWAR test). */
    private static long special(long x) {
        return (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
    }

    private static boolean matchesAt(byte[] b, int at, int n, byte[] term) {
        if (at + term.length > n) {
            return false;
        }
        for (int j = 0; j < term.length; j++) {
            if ((b[at + j] | 0x20) != term[j]) {
                return false;
            }
        }
        return true;
    }

    /** Checks that every variant keeps the same events: prints skipped + 10^6 * matched for each. */
    public static void main(String[] args) throws IOException {
        WhatIfBenchmark w = new WhatIfBenchmark();
        w.rate = args.length > 0 ? args[0] : "1";
        w.load();
        Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        System.out.println("prefilter " + w.prefilter(bh) + ", prefilterValidate " + w.prefilterValidate(bh)
                + ", prefilterSwar " + w.prefilterSwar(bh));
    }

    private long run(Blackhole bh, boolean validate) throws IOException {
        ByteArrayOutputStream candidates = new ByteArrayOutputStream(1 << 20);
        long skipped = 0;
        int start = 0;
        int n = body.length;
        while (start < n) {
            int end = start;
            while (end < n && body[end] != '\n') {
                end++;
            }
            if (mayMatch(body, start, end)) {
                candidates.write(body, start, end - start + (end < n ? 1 : 0));
            } else {
                skipped++;
                if (validate) {
                    try (JsonParser p = json.createParser(ObjectReadContext.empty(), body, start, end - start)) {
                        while (p.nextToken() != null) {
                            // tokens only: no value is turned into a String
                        }
                    }
                }
            }
            start = end + 1;
        }
        EventPipeline pipeline = new EventPipeline(engine, ResultFilter.NONE, IngestDefaults.NONE, receivedAt, 1000,
                (hit, identity) -> bh.consume(hit));
        format.parse(new ByteArrayInputStream(candidates.toByteArray()), pipeline);
        return skipped + pipeline.matched() * 1_000_000L;
    }

    /** Both terms present (ASCII case-insensitively), or an escape that could hide one. */
    static boolean mayMatch(byte[] b, int from, int to) {
        return indexOfIgnoreCase(b, from, to, TERM_1) >= 0 && indexOfIgnoreCase(b, from, to, TERM_2) >= 0
                || hasUnicodeEscape(b, from, to);
    }

    static int indexOfIgnoreCase(byte[] b, int from, int to, byte[] term) {
        byte first = term[0];
        int last = to - term.length;
        for (int i = from; i <= last; i++) {
            if ((b[i] | 0x20) != first) {
                continue;
            }
            int j = 1;
            while (j < term.length && (b[i + j] | 0x20) == term[j]) {
                j++;
            }
            if (j == term.length) {
                return i;
            }
        }
        return -1;
    }

    private static boolean hasUnicodeEscape(byte[] b, int from, int to) {
        for (int i = from; i < to - 1; i++) {
            if (b[i] == '\\' && b[i + 1] == 'u') {
                return true;
            }
        }
        return false;
    }
}
