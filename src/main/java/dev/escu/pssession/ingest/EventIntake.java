package dev.escu.pssession.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.springframework.stereotype.Service;

import dev.escu.pssession.catalog.DetectionCatalog;
import dev.escu.pssession.detection.ResultFilter;
import dev.escu.pssession.detection.RunningDetections;
import dev.escu.pssession.findings.ResultColumns;
import dev.escu.pssession.ingest.format.EventFormat;
import dev.escu.pssession.tuning.TuningFilters;

/**
 * Where a body becomes stored findings: an {@link IngestBatch} over the running detections (parse,
 * normalise, detect, stage), committed through the {@link MatchStore} (all of a batch's matches or,
 * if the body cannot be read to its end or the database fails, none). Also judges the split script
 * blocks whose parts stopped arriving.
 */
@Service
public class EventIntake {

    private final DetectionCatalog catalog;
    private final TuningFilters tuning;
    private final ResultColumns columns;
    private final MatchStore store;
    private final IngestProperties properties;
    private final IngestMetrics metrics;
    private final IngestTurns turns;
    private final Clock clock;
    private volatile ColumnIds columnIds;

    /** The result columns' numbers of one snapshot's detections. */
    private record ColumnIds(RunningDetections detections, Map<String, Integer> byDetection) {
    }

    EventIntake(DetectionCatalog catalog, TuningFilters tuning, ResultColumns columns, MatchStore store,
                IngestProperties properties, IngestMetrics metrics, IngestTurns turns, Clock clock) {
        this.catalog = catalog;
        this.tuning = tuning;
        this.columns = columns;
        this.store = store;
        this.properties = properties;
        this.metrics = metrics;
        this.turns = turns;
        this.clock = clock;
    }

    /**
     * An HTTP request's batch: it writes when it gets its turn ({@link IngestTurns}).
     *
     * @throws IOException when the body cannot be read to its end; nothing of it is stored
     * @throws dev.escu.pssession.web.IngestBusy when its turn did not come in time; nothing of it is stored
     */
    public IngestReport ingest(EventFormat format, InputStream body, IngestDefaults defaults) throws IOException {
        return ingest(format, body, defaults, properties.maxRejectionsListed(), turns);
    }

    /**
     * A batch of the Kafka intake, which takes no turn (its consumers bound it), listing up to
     * {@code maxRejectionsListed} rejected events in the report: the Kafka intake lists them all, to route
     * each record's rejections.
     */
    public IngestReport ingest(EventFormat format, InputStream body, IngestDefaults defaults, int maxRejectionsListed)
            throws IOException {
        return ingest(format, body, defaults, maxRejectionsListed, IngestTurns.NONE);
    }

    private IngestReport ingest(EventFormat format, InputStream body, IngestDefaults defaults, int maxRejectionsListed,
                                IngestTurns turns) throws IOException {
        long started = System.nanoTime();
        Instant receivedAt = clock.instant();
        RunningDetections detections = catalog.current();
        ResultFilter filter = tuning.activeFilter(receivedAt);
        boolean done = false;
        try (MatchStore.Staged staged = store.begin(detections, columnIds(detections), filter, receivedAt, turns)) {
            IngestBatch batch = new IngestBatch(detections, filter, defaults, receivedAt, maxRejectionsListed, staged);
            format.parse(body, batch);
            IngestReport report = batch.commit();
            done = true;
            metrics.batch(format.name(), report, Duration.ofNanos(System.nanoTime() - started));
            return report;
        } finally {
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
        return store.judgeWaiting(detections, columnIds(detections), tuning.activeFilter(now), now,
                now.minus(properties.splitBlockWait()));
    }
}
