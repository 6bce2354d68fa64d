package dev.escu.pssession.ingest.kafka;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the intake's consumers last did, for the health indicator. Kept as one immutable reading
 * swapped atomically, so that a probe never sees a failure's start without its message, or reads a
 * failure that a stored batch cleared in between.
 */
class KafkaIntakeState {

    /**
     * One consistent reading.
     *
     * @param failingSince since when batches fail and are tried again (the database is away), or null
     */
    record Snapshot(long records, Instant lastBatch, Instant failingSince, String lastFailure) {
    }

    private final Clock clock;
    private final AtomicReference<Snapshot> last = new AtomicReference<>(new Snapshot(0, null, null, null));

    KafkaIntakeState(Clock clock) {
        this.clock = clock;
    }

    void stored(int count) {
        Instant now = clock.instant();
        last.updateAndGet(s -> new Snapshot(s.records() + count, now, null, s.lastFailure()));
    }

    void failed(Throwable error) {
        Instant now = clock.instant();
        String failure = String.valueOf(error.getMessage());
        last.updateAndGet(s -> new Snapshot(s.records(), s.lastBatch(),
                s.failingSince() == null ? now : s.failingSince(), failure));
    }

    Snapshot snapshot() {
        return last.get();
    }
}
