package dev.escu.pssession.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
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
import dev.escu.pssession.detection.ResultFilter;
import dev.escu.pssession.detection.SplunkFields;
import dev.escu.pssession.findings.FindingRecorder;
import dev.escu.pssession.findings.MatchedEvent;
import dev.escu.pssession.findings.RecordedMatches;
import dev.escu.pssession.ingest.format.EventFormat;
import dev.escu.pssession.ingest.format.EventSink;
import dev.escu.pssession.ingest.format.RawEvent;
import dev.escu.pssession.risk.RiskHit;
import dev.escu.pssession.risk.RiskRecorder;
import dev.escu.pssession.tuning.TuningFilters;

/**
 * One batch, from body to database: parse (streaming), normalise, detect, filter, then record the
 * matched events, their findings and risk events in one transaction. Either all of a batch's
 * matches are stored or, if the body cannot be read to its end or the database fails, none.
 *
 * <p>Matched events wait in memory until a chunk is full; only then does the transaction begin,
 * so a request holds a database connection only while it has something to write.
 */
@Service
public class EventIntake {

    private final DetectionEngine engine;
    private final DetectionCatalog catalog;
    private final EventNormalizer normalizer = new EventNormalizer();
    private final TuningFilters tuning;
    private final FindingRecorder findings;
    private final RiskRecorder risk;
    private final PlatformTransactionManager transactions;
    private final IngestProperties properties;
    private final Clock clock;

    EventIntake(DetectionEngine engine, DetectionCatalog catalog, TuningFilters tuning, FindingRecorder findings,
                RiskRecorder risk, PlatformTransactionManager transactions, IngestProperties properties, Clock clock) {
        this.engine = engine;
        this.catalog = catalog;
        this.tuning = tuning;
        this.findings = findings;
        this.risk = risk;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @throws IOException when the body cannot be read to its end; nothing of it is stored
     */
    public IngestReport ingest(EventFormat format, InputStream body, EventNormalizer.Defaults defaults) throws IOException {
        Batch batch = new Batch(defaults, clock.instant());
        try {
            format.parse(body, batch);
            return batch.finish();
        } finally {
            batch.rollbackIfOpen();
        }
    }

    private final class Batch implements EventSink {

        private final EventNormalizer.Defaults defaults;
        private final Instant receivedAt;
        private final ResultFilter filter;
        private final List<MatchedEvent> buffer = new ArrayList<>();
        private final List<IngestReport.Rejection> rejections = new ArrayList<>();
        private TransactionStatus transaction;
        private long received;
        private long accepted;
        private long matched;
        private long filtered;
        private long staged;

        Batch(EventNormalizer.Defaults defaults, Instant receivedAt) {
            this.defaults = defaults;
            this.receivedAt = receivedAt;
            this.filter = tuning.activeFilter(receivedAt);
        }

        @Override
        public void accept(int index, RawEvent raw) {
            EventNormalizer.Result result = normalizer.normalize(raw, defaults, receivedAt);
            if (result instanceof EventNormalizer.Normalized event) {
                received++;
                accepted++;
                detect(event);
            } else {
                reject(index, ((EventNormalizer.Invalid) result).reason());
            }
        }

        @Override
        public void reject(int index, String reason) {
            received++;
            if (rejections.size() < properties.maxRejectionsListed()) {
                rejections.add(new IngestReport.Rejection(index, reason));
            }
        }

        private void detect(EventNormalizer.Normalized normalized) {
            List<DetectionEngine.Hit> hits = engine.evaluate(normalized.event(), filter);
            if (hits.isEmpty()) {
                return;
            }
            matched++;
            boolean kept = false;
            for (DetectionEngine.Hit hit : hits) {
                if (!hit.filtered()) {
                    buffer.add(matchedEvent(hit, normalized.identity()));
                    kept = true;
                }
            }
            if (!kept) {
                filtered++;
            }
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

        IngestReport finish() {
            stageBuffer();
            long duplicates = 0;
            long findingsUpdated = 0;
            long riskEvents = 0;
            if (transaction != null) {
                RecordedMatches recorded = findings.recordStaged(staged, risk.windows().window(),
                        risk.windows().windowOffset());
                riskEvents = risk.raise(recorded.windows().stream().map(this::riskHit).toList());
                transactions.commit(transaction);
                transaction = null;
                duplicates = recorded.duplicates();
                findingsUpdated = recorded.findingsUpdated();
            }
            return new IngestReport(received, accepted, List.copyOf(rejections), matched, duplicates, filtered,
                    findingsUpdated, riskEvents);
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
