package dev.escu.pssession.ingest;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Ingest metrics, by format: events by outcome ({@code pssession_events_total}), batch sizes and
 * latencies as histograms of a few fixed buckets (a percentile histogram would publish about 70 to 280
 * buckets per series), findings and risk events written. Each batch also gets one summary log line
 * (logger {@code dev.escu.pssession.ingest.batches}, INFO; set it to WARN to turn it down).
 */
@Component
class IngestMetrics {

    private static final Logger batches = LoggerFactory.getLogger("dev.escu.pssession.ingest.batches");

    /** Events per request: a single event, a shipper's small batch, a bulk upload. */
    private static final double[] BATCH_SIZES = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
    /** Request durations: interactive, a batch, a large upload. */
    private static final Duration[] DURATIONS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30)};

    private final MeterRegistry registry;

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void batch(String format, IngestReport report, Duration took) {
        long rejected = report.received() - report.accepted();
        events(format, "received", report.received());
        events(format, "accepted", report.accepted());
        events(format, "rejected", rejected);
        events(format, "matched", report.matched());
        events(format, "duplicate", report.duplicates());
        events(format, "filtered", report.filtered());
        Counter.builder("pssession.findings.updated").description("Findings created or updated")
                .register(registry).increment(report.findingsUpdated());
        Counter.builder("pssession.risk.events.raised").description("Risk events created")
                .register(registry).increment(report.riskEventsCreated());
        DistributionSummary.builder("pssession.batch.events").description("Events per ingest request")
                .baseUnit("events").tag("format", format).serviceLevelObjectives(BATCH_SIZES)
                .register(registry).record(report.received());
        timer(format, "ok").record(took);
        batches.info("Batch {}: received {}, accepted {}, rejected {}, matched {}, duplicates {}, filtered {}, "
                        + "findings {}, risk events {}, in {} ms", format, report.received(), report.accepted(), rejected,
                report.matched(), report.duplicates(), report.filtered(), report.findingsUpdated(),
                report.riskEventsCreated(), took.toMillis());
    }

    void failed(String format, Duration took) {
        timer(format, "failed").record(took);
        batches.info("Batch {} failed after {} ms: nothing of it was stored", format, took.toMillis());
    }

    /** The HTTP batches waiting for their turn at the database ({@link IngestTurns}) and those holding one. */
    void turns(AtomicInteger waiting, Semaphore turns, int concurrentBatches) {
        Gauge.builder("pssession.ingest.waiting", waiting, AtomicInteger::get)
                .description("HTTP batches waiting for their turn at the database").register(registry);
        Gauge.builder("pssession.ingest.storing", turns, t -> concurrentBatches - t.availablePermits())
                .description("HTTP batches writing to the database").register(registry);
    }

    /** A batch that waited too long for its turn ({@link IngestTurns}) and was sent away. */
    void busy() {
        Counter.builder("pssession.ingest.busy").description("HTTP batches answered 503 after waiting for their turn")
                .register(registry).increment();
    }

    private void events(String format, String outcome, long count) {
        if (count > 0) {
            Counter.builder("pssession.events").description("Events by format and outcome")
                    .tag("format", format).tag("outcome", outcome).register(registry).increment(count);
        }
    }

    private Timer timer(String format, String outcome) {
        return Timer.builder("pssession.batch.duration").description("Time to process one ingest request")
                .tag("format", format).tag("outcome", outcome).serviceLevelObjectives(DURATIONS).register(registry);
    }
}
