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
 * Parse, normalise, detect: what happens to each event of a body before anything is stored.
 * Parsers feed it; it counts, rejects events it cannot normalise, runs the detections with the
 * tuning filter, and hands every kept match on. No I/O of its own.
 */
public final class EventPipeline implements EventSink {

    /** Receives the matches that no filter dropped, and the parts of split script blocks a detection judges whole. */
    public interface MatchConsumer {
        void accept(DetectionEngine.Hit hit, byte[] eventIdentity);

        void part(ScriptBlocks.Part part);
    }

    private final EventNormalizer normalizer = new EventNormalizer();
    private final DetectionEngine engine;
    private final MatchPrefilter prefilter;
    private final ResultFilter filter;
    private final IngestDefaults defaults;
    private final Instant receivedAt;
    private final int maxRejectionsListed;
    private final MatchConsumer consumer;
    private final List<IngestReport.Rejection> rejections = new ArrayList<>();
    private long received;
    private long accepted;
    private long matched;
    private long filtered;

    public EventPipeline(RunningDetections detections, ResultFilter filter, IngestDefaults defaults, Instant receivedAt,
                         int maxRejectionsListed, MatchConsumer consumer) {
        this.engine = detections.engine();
        this.prefilter = detections.prefilter();
        this.filter = filter;
        this.defaults = defaults;
        this.receivedAt = receivedAt;
        this.maxRejectionsListed = maxRejectionsListed;
        this.consumer = consumer;
    }

    @Override
    public MatchPrefilter prefilter() {
        return prefilter;
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
        ScriptBlocks.Part.of(event.event())
                .filter(part -> !engine.judgingWhole(event.event()).isEmpty())
                .ifPresent(consumer::part);
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
                consumer.accept(hit, identity);
                kept = true;
            }
        }
        if (!kept) {
            filtered++;
        }
    }

    /** The report so far, with what recording the matches changed. */
    public IngestReport report(long duplicates, long findingsUpdated, long riskEventsCreated) {
        return new IngestReport(received, accepted, List.copyOf(rejections), matched, duplicates, filtered,
                findingsUpdated, riskEventsCreated);
    }

    public long received() {
        return received;
    }

    public long matched() {
        return matched;
    }
}
