package dev.escu.pssession.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

import dev.escu.pssession.catalog.DetectionCatalog;
import dev.escu.pssession.detection.DetectionEngine;
import dev.escu.pssession.detection.EventIdentity;
import dev.escu.pssession.detection.NativeRule;
import dev.escu.pssession.detection.ResultFilter;
import dev.escu.pssession.detection.WindowsEvent;
import dev.escu.pssession.detection.ResultRow;
import dev.escu.pssession.detection.RunningDetections;
import dev.escu.pssession.detection.escu.EscuDetection;
import dev.escu.pssession.findings.FindingRecorder;
import dev.escu.pssession.findings.MatchedEvent;
import dev.escu.pssession.findings.RecordedMatches;
import dev.escu.pssession.findings.ResultColumns;
import dev.escu.pssession.ingest.format.EventFormat;
import dev.escu.pssession.risk.RiskGroup;
import dev.escu.pssession.risk.RiskRecorder;
import dev.escu.pssession.scriptblocks.ScriptBlocks;
import dev.escu.pssession.tuning.TuningFilters;
import tools.jackson.databind.json.JsonMapper;

/**
 * One batch, from body to database: the {@link EventPipeline} (parse, normalise, detect, filter),
 * then the matched events, their findings and risk events recorded in one transaction. Either all
 * of a batch's matches are stored or, if the body cannot be read to its end or the database fails,
 * none. The batch takes the running detections once and uses them to the end.
 *
 * <p>Matched events wait in memory until a chunk is full; only then does the transaction begin,
 * so a request holds a database connection only while it has something to write.
 */
@Service
public class EventIntake {

    private final DetectionCatalog catalog;
    private final TuningFilters tuning;
    private final FindingRecorder findings;
    private final ResultColumns columns;
    private final RiskRecorder risk;
    private final PlatformTransactionManager transactions;
    private final IngestProperties properties;
    private final IngestMetrics metrics;
    private final ScriptBlocks scriptBlocks;
    private final JsonMapper json;
    private final Clock clock;
    private volatile ColumnIds columnIds;

    /** The result columns' numbers of one snapshot's detections. */
    private record ColumnIds(RunningDetections detections, Map<String, Integer> byDetection) {
    }

    EventIntake(DetectionCatalog catalog, TuningFilters tuning, FindingRecorder findings, ResultColumns columns,
                RiskRecorder risk, PlatformTransactionManager transactions, IngestProperties properties,
                IngestMetrics metrics, ScriptBlocks scriptBlocks, JsonMapper json, Clock clock) {
        this.catalog = catalog;
        this.tuning = tuning;
        this.findings = findings;
        this.columns = columns;
        this.risk = risk;
        this.transactions = transactions;
        this.properties = properties;
        this.metrics = metrics;
        this.scriptBlocks = scriptBlocks;
        this.json = json;
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
        RunningDetections detections = catalog.current();
        Recording recording = new Recording(detections, columnIds(detections));
        boolean done = false;
        try {
            ResultFilter filter = tuning.activeFilter(receivedAt);
            EventPipeline pipeline = new EventPipeline(detections, filter, defaults, receivedAt,
                    maxRejectionsListed, recording);
            recording.filter = filter;
            recording.now = receivedAt;
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

    // Numbered outside any transaction, once per snapshot (see ResultColumns).
    private Map<String, Integer> columnIds(RunningDetections detections) {
        ColumnIds known = columnIds;
        if (known == null || known.detections() != detections) {
            known = new ColumnIds(detections, columns.idsFor(detections.all()));
            columnIds = known;
        }
        return known.byDetection();
    }

    /**
     * Judges the split script blocks whose parts stopped arriving: first seen more than the wait ago
     * and still incomplete. Each is claimed by one instance, judged on what came, and its finding and
     * risk events recorded, in one transaction per round.
     *
     * @return how many blocks were judged
     */
    public int judgeWaitingBlocks() {
        Instant now = clock.instant();
        RunningDetections detections = catalog.current();
        Recording recording = new Recording(detections, columnIds(detections));
        recording.filter = tuning.activeFilter(now);
        recording.now = now;
        try {
            recording.open();
            List<ScriptBlocks.Block> blocks = scriptBlocks.claimWaiting(now.minus(properties.splitBlockWait()), now, 100);
            recording.judge(blocks);
            recording.record();
            return blocks.size();
        } finally {
            recording.rollbackIfOpen();
        }
    }

    /** The matches of one batch on their way into the database. */
    private final class Recording implements EventPipeline.MatchConsumer {

        private final RunningDetections detections;
        private final Map<String, Integer> columnIds;
        private final List<MatchedEvent> buffer = new ArrayList<>();
        private final List<RiskGroup> groups = new ArrayList<>();
        private final Set<GroupKey> seenGroups = new HashSet<>();
        private final List<ScriptBlocks.Part> parts = new ArrayList<>();
        private ResultFilter filter = ResultFilter.NONE;
        private Instant now;
        private TransactionStatus transaction;
        private long staged;
        private long events;
        private byte[] lastIdentity;

        Recording(RunningDetections detections, Map<String, Integer> columnIds) {
            this.detections = detections;
            this.columnIds = columnIds;
        }

        /** A result group within the batch: its columns and group hash. */
        private record GroupKey(int columnsId, ByteBuffer groupHash) {
        }

        @Override
        public void part(ScriptBlocks.Part part) {
            parts.add(part);
        }

        @Override
        public void accept(DetectionEngine.Hit hit, byte[] identity) {
            if (identity != lastIdentity) { // an event's hits come one after the other, with one identity
                events++;
                lastIdentity = identity;
            }
            EscuDetection detection = hit.detection();
            int columnsId = columnIds.get(detection.id());
            byte[] groupHash = hit.key().digest();
            if (seenGroups.add(new GroupKey(columnsId, ByteBuffer.wrap(groupHash)))) {
                groups.add(new RiskGroup(detection, columnsId, groupHash, hit.key().values()));
            }
            Map<String, String> kept = new TreeMap<>(hit.event().fields());
            detection.search().stats().byFields().forEach(kept::remove); // stored once, with the finding
            String dest = new ResultRow(detection, hit.key()).field("dest");
            buffer.add(new MatchedEvent(detection.id(), columnsId, identity, groupHash, hit.key().values(), dest,
                    hit.event().time(), kept, hit.evidence() == null ? null : json.writeValueAsString(hit.evidence())));
            if (buffer.size() >= properties.stageChunk()) {
                stageBuffer();
            }
        }

        void open() {
            if (transaction == null) {
                transaction = transactions.getTransaction(new DefaultTransactionDefinition());
            }
        }

        private void stageBuffer() {
            if (buffer.isEmpty()) {
                return;
            }
            open();
            findings.stage(buffer, staged, detections.widestGroup());
            staged += buffer.size();
            buffer.clear();
        }

        IngestReport finish(EventPipeline pipeline) {
            if (!parts.isEmpty()) {
                open();
                judge(scriptBlocks.storeAndClaimWhole(parts, now));
            }
            stageBuffer();
            if (transaction == null) {
                return pipeline.report(0, 0, 0);
            }
            Recorded recorded = record();
            return pipeline.report(events - recorded.newEvents(), recorded.findingsUpdated(), recorded.riskEvents());
        }

        /** What recording changed. */
        private record Recorded(long newEvents, int findingsUpdated, int riskEvents) {
        }

        /** Records what was staged, raises its risk events and commits. */
        Recorded record() {
            stageBuffer();
            RecordedMatches recorded = findings.recordStaged(staged, detections.widestGroup(), risk.windows().window(),
                    risk.windows().windowOffset());
            int riskEvents = risk.raise(groups, FindingRecorder.RECORDED_WINDOWS);
            transactions.commit(transaction);
            transaction = null;
            return new Recorded(recorded.newEvents(), recorded.findingsUpdated(), riskEvents);
        }

        /**
         * Judges whole script blocks with the detections that judge blocks whole; a block one keeps is a
         * hit like an event's, its identity the block's, so judging it again changes nothing.
         */
        void judge(List<ScriptBlocks.Block> blocks) {
            for (ScriptBlocks.Block block : blocks) {
                WindowsEvent whole = block.asEvent();
                byte[] identity = EventIdentity.ofScriptBlock(block.scriptBlockId());
                String verdict = "not flagged";
                for (EscuDetection detection : detections.all()) {
                    NativeRule rule = detections.nativeRule(detection);
                    if (rule == null) {
                        continue;
                    }
                    Optional<Map<String, Object>> evidence = rule.judgeWhole(block.text(), block.complete());
                    if (evidence.isEmpty()) {
                        continue;
                    }
                    verdict = "flagged";
                    Optional<DetectionEngine.Hit> hit = detections.engine().judgedHit(detection, whole, filter, evidence.get());
                    if (hit.isPresent() && !hit.get().filtered()) {
                        accept(hit.get(), identity);
                    }
                }
                scriptBlocks.recordVerdict(block.scriptBlockId(), verdict);
            }
        }

        void rollbackIfOpen() {
            if (transaction != null && !transaction.isCompleted()) {
                transactions.rollback(transaction);
            }
        }
    }
}
