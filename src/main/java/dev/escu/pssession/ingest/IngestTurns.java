package dev.escu.pssession.ingest;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.escu.pssession.web.IngestBusy;

/**
 * Turns at the database for HTTP batches: at most {@code pssession.ingest.concurrent-batches} hold a
 * transaction at a time; the next waits its turn, first come first served, for at most
 * {@code pssession.ingest.admission-wait}, and is then refused with {@link IngestBusy} (503 with
 * {@code Retry-After}; on the HEC paths HEC's "Server is busy", which shippers retry). A batch takes its
 * turn when it first needs the database (its first {@code stage-chunk} matches to stage, or its commit),
 * so a batch without matches or split script-block parts takes none, and a slow sender holds none until
 * that point (from there on it holds its turn, and its transaction, until its body has arrived).
 *
 * <p>Why: on a small database more batches at once than it has cores only queue inside PostgreSQL,
 * on each other's row locks. Without turns a flood from many senders took every pooled connection:
 * batches beyond the pool failed after the pool's connection timeout (5 s), and reads of the findings
 * with them. The Kafka intake takes no turn ({@link #NONE}): its consumers bound it, and a refusal there
 * would be taken for a bad batch (stored record by record, and dead-lettered).
 */
@Component
class IngestTurns {

    /** Held while a batch writes; {@link #close} gives it back. */
    interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    /** No turns: every batch goes straight to the database. */
    static final IngestTurns NONE = new IngestTurns();

    private static final Turn NO_TURN = () -> { };

    private final Semaphore turns;
    private final int concurrentBatches;
    private final Duration wait;
    private final AtomicInteger waiting = new AtomicInteger();
    private final IngestMetrics metrics;

    @Autowired
    IngestTurns(IngestProperties properties, IngestMetrics metrics) {
        this.concurrentBatches = properties.concurrentBatches();
        this.turns = new Semaphore(concurrentBatches, true);
        this.wait = properties.admissionWait();
        this.metrics = metrics;
        metrics.turns(waiting, turns, concurrentBatches);
    }

    private IngestTurns() {
        this.turns = null;
        this.concurrentBatches = 0;
        this.wait = Duration.ZERO;
        this.metrics = null;
    }

    /**
     * Whether as many batches wait for a turn as there are turns: a batch sent now would wait about a
     * whole round of them. HEC's health says "queues are full" then, as Splunk's does, so that a load
     * balancer sends to another instance.
     */
    boolean queueFull() {
        return turns != null && waiting.get() >= concurrentBatches;
    }

    /**
     * Waits for a turn.
     *
     * @throws IngestBusy when none came free within the admission wait
     */
    Turn take() {
        if (turns == null) {
            return NO_TURN;
        }
        boolean taken;
        waiting.incrementAndGet();
        try {
            taken = turns.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestBusy("The service is stopping; nothing of this batch was stored. Retry later.");
        } finally {
            waiting.decrementAndGet();
        }
        if (!taken) {
            metrics.busy();
            throw new IngestBusy("Every database turn for ingest (" + concurrentBatches
                    + ", pssession.ingest.concurrent-batches) stayed taken while this batch waited " + wait.toMillis()
                    + " ms (pssession.ingest.admission-wait); nothing of this batch was stored. Retry later (events stored "
                    + "before are counted once when sent again).");
        }
        return turns::release;
    }
}
