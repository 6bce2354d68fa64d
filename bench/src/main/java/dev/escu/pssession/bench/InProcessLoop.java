package dev.escu.pssession.bench;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

import dev.escu.pssession.detection.DetectionEngine;
import dev.escu.pssession.detection.ResultFilter;
import dev.escu.pssession.detection.RunningDetections;
import dev.escu.pssession.ingest.IngestBatch;
import dev.escu.pssession.ingest.IngestDefaults;
import dev.escu.pssession.ingest.format.NdjsonEventFormat;

/**
 * The same work as {@link PipelineBenchmark#pipeline} in a plain loop, for profiling with JFR:
 * {@code InProcessLoop --file F --seconds S [--detections seed|bundled|family]}.
 */
public final class InProcessLoop {

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        byte[] body = Files.readAllBytes(Path.of(a.get("file", null)));
        double seconds = Double.parseDouble(a.get("seconds", "30"));
        NdjsonEventFormat format = new NdjsonEventFormat(PipelineBenchmark.limits());
        RunningDetections running = DetectionSets.of(a.get("detections", "seed"));
        Instant receivedAt = Instant.parse("2026-03-08T00:00:00Z");
        long[] sink = new long[1];
        long events = 0;
        long passes = 0;
        long matched = 0;
        long started = System.nanoTime();
        long end = started + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            IngestBatch pipeline = new IngestBatch(running, ResultFilter.NONE, IngestDefaults.NONE, receivedAt, 1000,
                    new IngestBatch.Staging() {
                        @Override
                        public void stage(DetectionEngine.Hit hit, byte[] identity) {
                            sink[0] += identity.length;
                        }

                        @Override
                        public void stagePart(dev.escu.pssession.scriptblocks.ScriptBlocks.Part part) {
                            sink[0]++;
                        }

                        @Override
                        public IngestBatch.Stored commit() {
                            return IngestBatch.Stored.NOTHING;
                        }
                    });
            format.parse(new ByteArrayInputStream(body), pipeline);
            events += pipeline.received();
            matched = pipeline.matched();
            passes++;
        }
        double took = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "%d passes, %,d events in %.1f s: %,.0f events/s (incl. warm-up); %,d matched per pass [%d]%n",
                passes, events, took, events / took, matched, sink[0]);
    }
}
