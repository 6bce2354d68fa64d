package dev.escu.pssession.ingest;

import java.time.Duration;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Ingest metrics, by format: events by outcome ({@code pssession_events_total}), batch sizes and
 * latencies as histograms, findings and risk events written.
 */
@Component
class IngestMetrics {

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
                .baseUnit("events").tag("format", format).publishPercentileHistogram()
                .register(registry).record(report.received());
        timer(format, "ok").record(took);
    }

    void failed(String format, Duration took) {
        timer(format, "failed").record(took);
    }

    private void events(String format, String outcome, long count) {
        if (count > 0) {
            Counter.builder("pssession.events").description("Events by format and outcome")
                    .tag("format", format).tag("outcome", outcome).register(registry).increment(count);
        }
    }

    private Timer timer(String format, String outcome) {
        return Timer.builder("pssession.batch.duration").description("Time to process one ingest request")
                .tag("format", format).tag("outcome", outcome).publishPercentileHistogram().register(registry);
    }
}
