package dev.escu.pssession.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
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

import dev.escu.pssession.detection.DetectionEngine;
import dev.escu.pssession.detection.MatchPrefilter;
import dev.escu.pssession.detection.ResultFilter;
import dev.escu.pssession.detection.RunningDetections;
import dev.escu.pssession.detection.escu.EscuContent;
import dev.escu.pssession.ingest.IngestBatch;
import dev.escu.pssession.ingest.IngestDefaults;
import dev.escu.pssession.ingest.format.EventSink;
import dev.escu.pssession.ingest.format.NdjsonEventFormat;
import dev.escu.pssession.ingest.format.ParseLimits;
import dev.escu.pssession.ingest.format.RawEvent;

/**
 * (a) The in-process ceiling: the service's own {@link IngestBatch} (parse, normalise, detect)
 * over a whole NDJSON corpus held in memory; no HTTP, no database. One operation = the whole file,
 * so events/s = events in the file / seconds per operation (times the threads).
 *
 * <p>{@code parseOnly} and {@code parseNormalize} split the cost: the same parser into a sink that
 * drops every event, and the pipeline with no detection. {@code detections} picks the set that runs
 * ({@link DetectionSets}: the seed alone, with its companion, or the whole ESCU family).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PipelineBenchmark {

    /** The corpus's match rate in percent: the file is {@code ${bench.corpus.dir}/corpus-<rate>.ndjson}. */
    @Param({"0.1", "1", "100"})
    public String rate;

    /** seed, bundled or family (see {@link DetectionSets}). */
    @Param({"seed"})
    public String detections;

    private byte[] body;
    /** As the service reads NDJSON: with the early reject of events no detection can match (the pipeline's prefilter). */
    private final NdjsonEventFormat format = new NdjsonEventFormat(limits());
    private RunningDetections running;
    private final RunningDetections none = new RunningDetections(new EscuContent(List.of(), List.of(), null));
    private final Instant receivedAt = Instant.parse("2026-03-08T00:00:00Z");

    /** The service's defaults (pssession.ingest.*): 1 MB events, depth 32, 1,000,000-char fields, 5,000,000 events. */
    static ParseLimits limits() {
        return new ParseLimits(1 << 20, 32, 1_000_000, 5_000_000);
    }

    @Setup(Level.Trial)
    public void load() throws IOException {
        body = Files.readAllBytes(corpus(rate));
        running = DetectionSets.of(detections);
    }

    static Path corpus(String rate) {
        return Path.of(System.getProperty("bench.corpus.dir", "bench/work/corpus"), "corpus-" + rate + ".ndjson");
    }

    @Benchmark
    public long pipeline(Blackhole bh) throws IOException {
        IngestBatch pipeline = new IngestBatch(running, ResultFilter.NONE, IngestDefaults.NONE, receivedAt, 1000,
                new Consumer(bh));
        format.parse(new ByteArrayInputStream(body), pipeline);
        return pipeline.matched();
    }

    @Benchmark
    public long parseNormalize(Blackhole bh) throws IOException {
        IngestBatch pipeline = new IngestBatch(none, ResultFilter.NONE, IngestDefaults.NONE, receivedAt,
                1000, new Consumer(bh));
        format.parse(new ByteArrayInputStream(body), pipeline);
        return pipeline.received();
    }

    /** Hands what the batch stages to the blackhole: no database. */
    record Consumer(Blackhole bh) implements IngestBatch.Staging {
        @Override
        public void stage(DetectionEngine.Hit hit, byte[] eventIdentity) {
            bh.consume(hit);
            bh.consume(eventIdentity);
        }

        @Override
        public void stagePart(dev.escu.pssession.scriptblocks.ScriptBlocks.Part part) {
            bh.consume(part);
        }

        @Override
        public IngestBatch.Stored commit() {
            return IngestBatch.Stored.NOTHING;
        }
    }

    @Benchmark
    public void parseOnly(Blackhole bh) throws IOException {
        format.parse(new ByteArrayInputStream(body), new EventSink() {
            @Override
            public MatchPrefilter prefilter() {
                return MatchPrefilter.NONE; // every event read: the parse alone
            }

            @Override
            public void accept(int index, RawEvent event) {
                bh.consume(event);
            }

            @Override
            public void reject(int index, String reason) {
                bh.consume(reason);
            }

            @Override
            public void skip(int index) {
                bh.consume(index);
            }
        });
    }
}
