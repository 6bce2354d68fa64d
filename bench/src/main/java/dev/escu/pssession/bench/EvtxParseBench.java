package dev.escu.pssession.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

import dev.escu.pssession.detection.MatchPrefilter;
import dev.escu.pssession.ingest.format.EventSink;
import dev.escu.pssession.ingest.format.ParseLimits;
import dev.escu.pssession.ingest.format.RawEvent;
import dev.escu.pssession.ingest.format.evtx.EvtxEventFormat;

/**
 * Parse-only speed of {@link EvtxEventFormat} on one thread:
 * {@code EvtxParseBench [--mib 256] [--runs 7] [--warmup 3] [--samples ../shared/samples/evtx] [--out bench/target/evtx-bench.evtx]}.
 *
 * <p>Builds a large file from the real chunks of the shared sample files, repeated in turn, each
 * copy with its records renumbered (record header and chunk header; the EventRecordID inside the
 * BinXml stays the sample's) and both checksums recomputed, so every chunk is read and checked as a
 * real one. The file is written to {@code --out} (never into git) and then held in memory: the
 * figure is the parser alone, MB/s = 10^6 bytes of file per second (also given per byte of records,
 * since the first sample's chunk is mostly slack), median of the measured runs, each parse into a
 * sink that only counts.
 */
public final class EvtxParseBench {

    private static final int HEADER = 4096;
    private static final int CHUNK = 65536;

    public static void main(String[] args) throws IOException {
        Args a = new Args(args);
        int mib = Integer.parseInt(a.get("mib", "256"));
        int runs = Integer.parseInt(a.get("runs", "7"));
        int warmup = Integer.parseInt(a.get("warmup", "3"));
        Path samples = Path.of(a.get("samples", "../shared/samples/evtx"));
        Path out = Path.of(a.get("out", "bench/target/evtx-bench.evtx"));

        byte[] file = build(samples, (int) ((long) mib * 1024 * 1024 / CHUNK));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, file);
        long records = recordBytes(file);
        System.out.printf(Locale.ROOT, "file: %s, %,d bytes, %,d chunks, %,d bytes of records (the rest is chunk headers and slack)%n",
                out, file.length, (file.length - HEADER) / CHUNK, records);

        EvtxEventFormat format = new EvtxEventFormat(new ParseLimits(1 << 20, 32, 1 << 20, Integer.MAX_VALUE));
        // on a shared machine the wall clock counts other people's work too; the thread's CPU time does not
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        for (int i = -warmup; i < runs; i++) {
            Counting sink = new Counting();
            long started = System.nanoTime();
            long cpuStarted = threads.getCurrentThreadCpuTime();
            format.parse(new ByteArrayInputStream(file), sink);
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStarted) / 1e9;
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "%s %d: %,d events, %,d rejected, %.3f s, %.1f MB/s (%.1f MB/s of thread CPU time), %,.0f events/s [%d]%n",
                    i < 0 ? "warm-up" : "run", Math.abs(i < 0 ? i + warmup + 1 : i + 1), sink.accepted, sink.rejected,
                    seconds, file.length / seconds / 1e6, file.length / cpuSeconds / 1e6, sink.accepted / seconds, sink.chars);
            if (i >= 0) {
                wall[i] = file.length / seconds / 1e6;
                cpu[i] = file.length / cpuSeconds / 1e6;
            }
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "median of %d runs: %.1f MB/s of file by the wall clock (min %.1f, max %.1f), %.1f MB/s of records;"
                + " by the thread's CPU time %.1f MB/s of file, %.1f MB/s of records; one thread, parse only%n",
                runs, wall[runs / 2], wall[0], wall[runs - 1], wall[runs / 2] * records / file.length,
                cpu[runs / 2], cpu[runs / 2] * records / file.length);

        // for reference: the same file streamed from disk (page cache) through a buffered stream
        Counting sink = new Counting();
        long started = System.nanoTime();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(out), 1 << 16)) {
            format.parse(in, sink);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "streamed from the file: %,d events, %.1f MB/s%n", sink.accepted, file.length / seconds / 1e6);
    }

    /** A file header and {@code chunks} chunks: the samples' chunks in turn, renumbered, checksums recomputed. */
    static byte[] build(Path samples, int chunks) throws IOException {
        byte[][] originals = {
            chunk(Files.readAllBytes(samples.resolve("md-service-creation-powershell.evtx"))),
            chunk(Files.readAllBytes(samples.resolve("md-lsass-dump-with-lsassy-powershell.evtx")))};
        byte[] file = new byte[HEADER + chunks * CHUNK];
        ByteBuffer header = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        header.put(0, "ElfFile\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        header.putLong(16, chunks - 1).putInt(32, 128).putShort(36, (short) 1).putShort(38, (short) 3)
                .putShort(40, (short) HEADER).putShort(42, (short) Math.min(chunks, 0xffff));
        // more chunks than a 16-bit count holds: say the log was not closed, so every chunk is read
        header.putInt(120, chunks > 0xffff ? 1 : 0);
        CRC32 crc = new CRC32();
        crc.update(file, 0, 120);
        header.putInt(124, (int) crc.getValue());
        long next = 1;
        for (int c = 0; c < chunks; c++) {
            int at = HEADER + c * CHUNK;
            System.arraycopy(originals[c % 2], 0, file, at, CHUNK);
            next = renumber(file, at, next);
        }
        header.putLong(24, next);
        crc.reset();
        crc.update(file, 0, 120);
        header.putInt(124, (int) crc.getValue());
        return file;
    }

    /** Bytes between each chunk's header and its free-space offset: what the reader walks. */
    private static long recordBytes(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        long total = 0;
        for (int at = HEADER; at < file.length; at += CHUNK) {
            total += b.getInt(at + 48) - 512;
        }
        return total;
    }

    private static byte[] chunk(byte[] sample) {
        return Arrays.copyOfRange(sample, HEADER, HEADER + CHUNK);
    }

    /** Numbers the chunk's records from {@code next} and sets its checksums; returns the next number. */
    private static long renumber(byte[] file, int at, long next) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int free = b.getInt(at + 48);
        long first = next;
        for (int r = at + 512; r < at + free; r += b.getInt(r + 4)) {
            b.putLong(r + 8, next++);
        }
        b.putLong(at + 8, first).putLong(at + 16, next - 1).putLong(at + 24, first).putLong(at + 32, next - 1);
        CRC32 crc = new CRC32();
        crc.update(file, at + 512, free - 512);
        b.putInt(at + 52, (int) crc.getValue());
        crc.reset();
        crc.update(file, at, 120);
        crc.update(file, at + 128, 384);
        b.putInt(at + 124, (int) crc.getValue());
        return next;
    }

    /** Counts what it is handed, and touches each event so the work cannot be optimised away. */
    private static final class Counting implements EventSink {
        long accepted;
        long rejected;
        long chars;

        @Override
        public MatchPrefilter prefilter() {
            return MatchPrefilter.NONE;
        }

        @Override
        public void accept(int index, RawEvent event) {
            accepted++;
            Map<String, String> fields = event.fields();
            chars += fields.size() + fields.getOrDefault("ScriptBlockText", "").length();
        }

        @Override
        public void reject(int index, String reason) {
            rejected++;
        }

        @Override
        public void skip(int index) {
        }
    }
}
