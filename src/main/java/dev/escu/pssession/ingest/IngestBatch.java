package dev.escu.pssession.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.escu.pssession.detection.DetectionEngine;
import dev.escu.pssession.detection.MatchPrefilter;
import dev.escu.pssession.detection.ResultFilter;
import dev.escu.pssession.detection.RunningDetections;
import dev.escu.pssession.ingest.format.EventSink;
import dev.escu.pssession.ingest.format.RawEvent;
import dev.escu.pssession.scriptblocks.ScriptBlocks;

/**
 * One batch of events, from a body to the database, in the order things happen to each event: a
 * parser hands it over ({@link #accept}, knowing nothing of detections but the {@link #prefilter}),
 * it is normalised, the detections judge it (with the tuning filter), and its kept matches are staged;
 * {@link #commit} then stores what was staged, all or nothing, and reports. The batch uses one
 * snapshot of the running detections to its end.
 */
public final class IngestBatch implements EventSink {

    /** Where a batch's matches wait until it commits: the database, or a counter in the benchmark. */
    public interface Staging {

        /** A match no filter dropped, with its event's identity (an event's matches come one after the other). */
        void stage(DetectionEngine.Hit hit, byte[] eventIdentity);

        /** A part of a script block logged in several, which a detection judges whole. */
        void stagePart(ScriptBlocks.Part part);

        /** Stores what was staged; what storing changed. */
        Stored commit();
    }

    /** What committing a batch changed. */
    public record Stored(long duplicates, long findingsUpdated, long riskEventsCreated) {

        public static final Stored NOTHING = new Stored(0, 0, 0);
    }

    private final EventNormalizer normalizer = new EventNormalizer();
    private final DetectionEngine engine;
    private final MatchPrefilter prefilter;
    private final ResultFilter filter;
    private final IngestDefaults defaults;
    private final Instant receivedAt;
    private final int maxRejectionsListed;
    private final Staging staging;
    private final List<IngestReport.Rejection> rejections = new ArrayList<>();
    private long received;
    private long accepted;
    private long matched;
    private long filtered;

    public IngestBatch(RunningDetections detections, ResultFilter filter, IngestDefaults defaults, Instant receivedAt,
                       int maxRejectionsListed, Staging staging) {
        this.engine = detections.engine();
        this.prefilter = detections.prefilter();
        this.filter = filter;
        this.defaults = defaults;
        this.receivedAt = receivedAt;
        this.maxRejectionsListed = maxRejectionsListed;
        this.staging = staging;
    }

    @Override
    public MatchPrefilter prefilter() {
        return prefilter;
    }

    /** An event from the parser: normalised, detected, its matches staged; or rejected with why. */
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

    /** An event the parser did not read into fields: the prefilter showed it cannot match. */
    @Override
    public void skip(int index) {
        received++;
        accepted++;
    }

    @Override
    public void reject(int index, String reason) {
        received++;
        if (rejections.size() < maxRejectionsListed) {
            rejections.add(new IngestReport.Rejection(index, reason));
        }
    }

    private void detect(EventNormalizer.Normalized event) {
        if (engine.judgesWhole(event.event())) {
            ScriptBlocks.Part.of(event.event()).ifPresent(staging::stagePart);
        }
        List<DetectionEngine.Hit> hits = engine.evaluate(event.event(), filter);
        if (hits.isEmpty()) {
            return;
        }
        matched++;
        boolean kept = false;
        byte[] identity = null;
        for (DetectionEngine.Hit hit : hits) {
            if (!hit.filtered()) {
                identity = identity == null ? event.identity() : identity;
                staging.stage(hit, identity);
                kept = true;
            }
        }
        if (!kept) {
            filtered++;
        }
    }

    /** Stores what was staged and reports the batch. */
    public IngestReport commit() {
        Stored stored = staging.commit();
        return new IngestReport(received, accepted, List.copyOf(rejections), matched, stored.duplicates(), filtered,
                stored.findingsUpdated(), stored.riskEventsCreated());
    }

    public long received() {
        return received;
    }

    public long matched() {
        return matched;
    }
}
