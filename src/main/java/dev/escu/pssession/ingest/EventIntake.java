package dev.escu.pssession.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

import dev.escu.pssession.detection.DetectionCatalog;
import dev.escu.pssession.detection.DetectionDefinition;
import dev.escu.pssession.detection.DetectionEngine;
import dev.escu.pssession.detection.SplunkFields;
import dev.escu.pssession.findings.FindingRecorder;
import dev.escu.pssession.findings.MatchedEvent;
import dev.escu.pssession.findings.RecordedMatches;
import dev.escu.pssession.ingest.format.EventFormat;
import dev.escu.pssession.risk.RiskHit;
import dev.escu.pssession.risk.RiskRecorder;
import dev.escu.pssession.tuning.TuningFilters;

/**
 * One batch, from body to database: the {@link EventPipeline} (parse, normalise, detect, filter),
 * then the matched events, their findings and risk events recorded in one transaction. Either all
 * of a batch's matches are stored or, if the body cannot be read to its end or the database fails,
 * none.
 *
 * <p>Matched events wait in memory until a chunk is full; only then does the transaction begin,
 * so a request holds a database connection only while it has something to write.
 */
@Service
public class EventIntake {

    private final DetectionEngine engine;
    private final DetectionCatalog catalog;
    private final TuningFilters tuning;
    private final FindingRecorder findings;
    private final RiskRecorder risk;
    private final PlatformTransactionManager transactions;
    private final IngestProperties properties;
    private final IngestMetrics metrics;
    private final Clock clock;

    EventIntake(DetectionEngine engine, DetectionCatalog catalog, TuningFilters tuning, FindingRecorder findings,
                RiskRecorder risk, PlatformTransactionManager transactions, IngestProperties properties,
                IngestMetrics metrics, Clock clock) {
        this.engine = engine;
        this.catalog = catalog;
        this.tuning = tuning;
        this.findings = findings;
        this.risk = risk;
        this.transactions = transactions;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @throws IOException when the body cannot be read to its end; nothing of it is stored
     */
    public IngestReport ingest(EventFormat format, InputStream body, IngestDefaults defaults) throws IOException {
        return ingest(format, body, defaults, properties.maxRejectionsListed());
    }

    /**
     * As {@link #ingest(EventFormat, InputStream, IngestDefaults)}, listing up to {@code maxRejectionsListed}
     * rejected events in the report: the Kafka intake lists them all, to route each record's rejections.
     */
    public IngestReport ingest(EventFormat format, InputStream body, IngestDefaults defaults, int maxRejectionsListed)
            throws IOException {
        long started = System.nanoTime();
        Instant receivedAt = clock.instant();
        Recording recording = new Recording();
        boolean done = false;
        try {
            EventPipeline pipeline = new EventPipeline(engine, tuning.activeFilter(receivedAt), defaults, receivedAt,
                    maxRejectionsListed, recording::add);
            format.parse(body, pipeline);
            IngestReport report = recording.finish(pipeline);
            done = true;
            metrics.batch(format.name(), report, Duration.ofNanos(System.nanoTime() - started));
            return report;
        } finally {
            recording.rollbackIfOpen();
            if (!done) {
                metrics.failed(format.name(), Duration.ofNanos(System.nanoTime() - started));
            }
        }
    }

    /** The matches of one batch on their way into the database. */
    private final class Recording {

        private final List<MatchedEvent> buffer = new ArrayList<>();
        private TransactionStatus transaction;
        private long staged;

        void add(DetectionEngine.Hit hit, byte[] identity) {
            buffer.add(matchedEvent(hit, identity));
            if (buffer.size() >= properties.stageChunk()) {
                stageBuffer();
            }
        }

        private MatchedEvent matchedEvent(DetectionEngine.Hit hit, byte[] identity) {
            DetectionDefinition detection = hit.detection();
            Map<String, String> kept = new TreeMap<>(hit.event().fields());
            detection.groupBy().forEach(kept::remove); // stored once, with the finding
            String dest = hit.key().value(detection.groupIndex(SplunkFields.DEST));
            return new MatchedEvent(detection.id(), identity, hit.key().digest(), hit.key().values(), dest,
                    hit.event().time(), kept);
        }

        private void stageBuffer() {
            if (buffer.isEmpty()) {
                return;
            }
            if (transaction == null) {
                transaction = transactions.getTransaction(new DefaultTransactionDefinition());
            }
            findings.stage(buffer, staged);
            staged += buffer.size();
            buffer.clear();
        }

        IngestReport finish(EventPipeline pipeline) {
            stageBuffer();
            if (transaction == null) {
                return pipeline.report(0, 0, 0);
            }
            RecordedMatches recorded = findings.recordStaged(staged, risk.windows().window(), risk.windows().windowOffset());
            int riskEvents = risk.raise(recorded.windows().stream().map(this::riskHit).toList());
            transactions.commit(transaction);
            transaction = null;
            return pipeline.report(recorded.duplicates(), recorded.findingsUpdated(), riskEvents);
        }

        private RiskHit riskHit(RecordedMatches.WindowHits hits) {
            DetectionDefinition detection = catalog.find(hits.detectionId()).orElseThrow();
            return new RiskHit(detection, hits.findingId(), hits.groupValues(), hits.windowStart(), hits.firstTime());
        }

        void rollbackIfOpen() {
            if (transaction != null && !transaction.isCompleted()) {
                transactions.rollback(transaction);
            }
        }
    }
}
