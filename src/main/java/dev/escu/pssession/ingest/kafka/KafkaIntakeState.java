package dev.escu.pssession.ingest.kafka;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** What the intake's consumers last did, for the health indicator. */
class KafkaIntakeState {

    private final Clock clock;
    private final AtomicLong records = new AtomicLong();
    private volatile Instant lastBatch;
    private volatile Instant failingSince;
    private volatile String lastFailure;

    KafkaIntakeState(Clock clock) {
        this.clock = clock;
    }

    void stored(int count) {
        records.addAndGet(count);
        lastBatch = clock.instant();
        failingSince = null;
    }

    void failed(Throwable error) {
        if (failingSince == null) {
            failingSince = clock.instant();
        }
        lastFailure = String.valueOf(error.getMessage());
    }

    long records() {
        return records.get();
    }

    Instant lastBatch() {
        return lastBatch;
    }

    /** Since when batches fail and are tried again (the database is away), or null. */
    Instant failingSince() {
        return failingSince;
    }

    String lastFailure() {
        return lastFailure;
    }
}
