package dev.escu.pssession.ingest;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

import dev.escu.pssession.detection.DetectionEngine;
import dev.escu.pssession.detection.EventIdentity;
import dev.escu.pssession.detection.NativeRule;
import dev.escu.pssession.detection.ResultFilter;
import dev.escu.pssession.detection.ResultRow;
import dev.escu.pssession.detection.RunningDetections;
import dev.escu.pssession.detection.WindowsEvent;
import dev.escu.pssession.detection.escu.EscuDetection;
import dev.escu.pssession.findings.FindingRecorder;
import dev.escu.pssession.findings.MatchedEvent;
import dev.escu.pssession.findings.RecordedMatches;
import dev.escu.pssession.risk.RiskGroup;
import dev.escu.pssession.risk.RiskRecorder;
import dev.escu.pssession.scriptblocks.ScriptBlocks;
import tools.jackson.databind.json.JsonMapper;

/**
 * The database side of a batch: its matched events staged a chunk at a time, then their findings and
 * risk events recorded and the transaction committed, all of a batch or none of it. Matched events
 * wait in memory until a chunk is full; only then does the transaction begin, so a request holds a
 * database connection only while it has something to write.
 */
@Component
class MatchStore {

    private final FindingRecorder findings;
    private final RiskRecorder risk;
    private final ScriptBlocks scriptBlocks;
    private final PlatformTransactionManager transactions;
    private final int stageChunk; // matched events held in memory before they are staged
    private final JsonMapper json;

    MatchStore(FindingRecorder findings, RiskRecorder risk, ScriptBlocks scriptBlocks,
               PlatformTransactionManager transactions, IngestProperties properties, JsonMapper json) {
        this.findings = findings;
        this.risk = risk;
        this.scriptBlocks = scriptBlocks;
        this.transactions = transactions;
        this.stageChunk = properties.stageChunk();
        this.json = json;
    }

    /**
     * The staging of one batch; close it when done (what was not committed is rolled back). Its
     * transaction waits for one of {@code turns} ({@link IngestTurns#NONE}: none).
     */
    Staged begin(RunningDetections detections, Map<String, Integer> columnIds, ResultFilter filter, Instant now,
                 IngestTurns turns) {
        return new Staged(detections, columnIds, filter, now, turns);
    }

    /**
     * Judges the split script blocks whose parts stopped arriving before {@code waitedSince}, on what
     * came, and records their findings and risk events in one transaction.
     *
     * @return how many blocks were judged
     */
    int judgeWaiting(RunningDetections detections, Map<String, Integer> columnIds, ResultFilter filter, Instant now,
                     Instant waitedSince) {
        try (Staged staged = begin(detections, columnIds, filter, now, IngestTurns.NONE)) {
            staged.open();
            List<ScriptBlocks.Block> blocks = scriptBlocks.claimWaiting(waitedSince, now, 100);
            staged.judge(blocks);
            staged.record();
            return blocks.size();
        }
    }

    /** One batch's matches on their way into the database. */
    final class Staged implements IngestBatch.Staging, AutoCloseable {

        private final RunningDetections detections;
        private final Map<String, Integer> columnIds;
        private final ResultFilter filter;
        private final Instant now;
        private final IngestTurns turns;
        private IngestTurns.Turn turn;
        private final List<MatchedEvent> buffer = new ArrayList<>();
        private final List<RiskGroup> groups = new ArrayList<>();
        private final Set<GroupKey> seenGroups = new HashSet<>();
        private final List<ScriptBlocks.Part> parts = new ArrayList<>();
        private TransactionStatus transaction;
        private long staged;
        private long events;
        private byte[] lastIdentity;
        private List<String> lastKeptBy;
        private Map<String, String> lastKept;

        private Staged(RunningDetections detections, Map<String, Integer> columnIds, ResultFilter filter, Instant now,
                       IngestTurns turns) {
            this.detections = detections;
            this.columnIds = columnIds;
            this.filter = filter;
            this.now = now;
            this.turns = turns;
        }

        /** A result group within the batch: its columns and group hash. */
        private record GroupKey(int columnsId, ByteBuffer groupHash) {
        }

        @Override
        public void stagePart(ScriptBlocks.Part part) {
            parts.add(part);
        }

        @Override
        public void stage(DetectionEngine.Hit hit, byte[] identity) {
            boolean sameEvent = identity == lastIdentity; // an event's hits come one after the other, with one identity
            if (!sameEvent) {
                events++;
                lastIdentity = identity;
            }
            EscuDetection detection = hit.detection();
            int columnsId = columnIds.get(detection.id());
            byte[] groupHash = hit.key().digest();
            if (seenGroups.add(new GroupKey(columnsId, ByteBuffer.wrap(groupHash)))) {
                groups.add(new RiskGroup(detection, columnsId, groupHash, hit.key().values()));
            }
            List<String> byFields = detection.search().stats().byFields();
            if (!sameEvent || !byFields.equals(lastKeptBy)) {
                // The group's fields are stored once, with the finding. Detections of one event that group
                // on the same fields share the rest: one copy (and FindingRecorder writes one JSON text).
                Map<String, String> kept = new TreeMap<>(hit.event().fields());
                byFields.forEach(kept::remove);
                lastKept = Collections.unmodifiableMap(kept);
                lastKeptBy = byFields;
            }
            String dest = new ResultRow(detection, hit.key()).field("dest");
            buffer.add(new MatchedEvent(detection.id(), columnsId, identity, groupHash, hit.key().values(), dest,
                    hit.event().time(), lastKept, hit.evidence() == null ? null : json.writeValueAsString(hit.evidence())));
            if (buffer.size() >= stageChunk) {
                stageBuffer();
            }
        }

        /** Judges the whole script blocks among the staged parts, stages the rest, records and commits. */
        @Override
        public IngestBatch.Stored commit() {
            if (!parts.isEmpty()) {
                open();
                judge(scriptBlocks.storeAndClaimWhole(parts, now));
            }
            stageBuffer();
            if (transaction == null) {
                return IngestBatch.Stored.NOTHING;
            }
            Recorded recorded = record();
            return new IngestBatch.Stored(events - recorded.newEvents(), recorded.findingsUpdated(), recorded.riskEvents());
        }

        /** Rolls back what was not committed, and gives back the batch's turn. */
        @Override
        public void close() {
            try {
                if (transaction != null && !transaction.isCompleted()) {
                    transactions.rollback(transaction);
                }
            } finally {
                if (turn != null) {
                    turn.close();
                    turn = null;
                }
            }
        }

        private void open() {
            if (transaction == null) {
                if (turn == null) {
                    turn = turns.take();
                }
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

        /** What recording changed. */
        private record Recorded(long newEvents, int findingsUpdated, int riskEvents) {
        }

        /** Records what was staged, raises its risk events and commits. */
        private Recorded record() {
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
        private void judge(List<ScriptBlocks.Block> blocks) {
            for (ScriptBlocks.Block block : blocks) {
                String text = block.text();
                WindowsEvent whole = block.asEvent(text);
                byte[] identity = EventIdentity.ofScriptBlock(block.scriptBlockId());
                String verdict = "not flagged";
                for (EscuDetection detection : detections.judgedByNativeRules()) {
                    NativeRule rule = detections.nativeRule(detection);
                    Optional<Map<String, Object>> evidence = rule.judgeWhole(text, block.complete());
                    if (evidence.isEmpty()) {
                        continue;
                    }
                    verdict = "flagged";
                    Optional<DetectionEngine.Hit> hit = detections.engine().judgedHit(detection, whole, filter, evidence.get());
                    if (hit.isPresent() && !hit.get().filtered()) {
                        stage(hit.get(), identity);
                    }
                }
                scriptBlocks.recordVerdict(block.scriptBlockId(), verdict);
            }
        }
    }
}
