package dev.escu.pssession.ingest.kafka;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.escu.pssession.detection.MatchPrefilter;
import dev.escu.pssession.ingest.IngestReport;
import dev.escu.pssession.ingest.format.EventFormat;
import dev.escu.pssession.ingest.format.EventSink;
import dev.escu.pssession.ingest.format.LineFeeds;
import dev.escu.pssession.ingest.format.NdjsonEventFormat;
import dev.escu.pssession.ingest.format.HecEnvelopeException;
import dev.escu.pssession.ingest.format.RawEvent;
import dev.escu.pssession.ingest.format.UnusableBodyException;

/**
 * The records of one poll as one body for {@code EventIntake.ingest}: one parse, one detection pass and
 * one PostgreSQL transaction for the whole poll, through the HTTP intake's own parsers. Every event gets
 * a 0-based index in the batch, and each record knows which indexes are its own, so the report's
 * rejections map back to records.
 *
 * <p>Records read as lines (NDJSON records, and JSON records that are one object on one line, which is
 * what shippers write) are read in place by one {@link NdjsonEventFormat.Lines} for the whole poll: no
 * copy, no stream and no parser set up per record, and each record's events are simply those read
 * from it. Any other record (XML, HEC envelopes, JSON arrays or pretty-printed JSON) is
 * parsed on its own, its events held back until its end: a record that the format refuses as a whole
 * (a HEC envelope HEC would refuse, a DOCTYPE) then has none of its events stored, as an HTTP body
 * would not, and costs only itself.
 *
 * <p>Not thread-safe; one instance per poll.
 */
final class RecordBatch implements EventFormat {

    /** The format name in the intake's metrics ({@code pssession_events_total{format="kafka"}}). */
    static final String NAME = "kafka";

    /** The parser of each record format. */
    interface Parsers {
        EventFormat parser(RecordFormat format);
    }

    /**
     * A record and how to read it.
     *
     * @param refusal why the record cannot be read at all (an unknown Content-Type), or null
     */
    record Entry(ConsumerRecord<ByteBuffer, ByteBuffer> record, RecordFormat format, String refusal) {
    }

    /** A record that goes to the dead-letter topic, and why. */
    record DeadLetter(ConsumerRecord<ByteBuffer, ByteBuffer> record, String reason, int rejectedEvents) {
    }

    private final Entry[] entries;
    private final NdjsonEventFormat ndjson;
    private final Parsers parsers;
    private final int[] first;
    private final int[] count;
    private final String[] failure;
    private boolean parsed;

    /**
     * @param ndjson  the parser of the records read as lines (the HTTP intake's NDJSON parser)
     * @param parsers the parser of each format, for the records read alone
     */
    RecordBatch(List<Entry> entries, NdjsonEventFormat ndjson, Parsers parsers) {
        this.entries = entries.toArray(Entry[]::new);
        this.ndjson = ndjson;
        this.parsers = parsers;
        this.first = new int[this.entries.length];
        this.count = new int[this.entries.length];
        this.failure = new String[this.entries.length];
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Reads every record into the sink; {@code body} is not read (the records are the body). */
    @Override
    public void parse(InputStream body, EventSink sink) throws IOException {
        if (parsed) {
            throw new IllegalStateException("a record batch is parsed once");
        }
        parsed = true;
        NdjsonEventFormat.Lines lines = ndjson.lines(sink); // one reader for every record of the poll
        int next = 0;
        for (int i = 0; i < entries.length; i++) {
            Entry entry = entries[i];
            ByteBuffer value = entry.record().value();
            first[i] = next;
            if (entry.refusal() != null) {
                failure[i] = entry.refusal();
            } else if (value == null) {
                continue; // a tombstone: nothing to read, nothing to refuse
            } else {
                // the value is a slice of the consumer's fetch buffer: read where it lies, not copied
                byte[] bytes = value.hasArray() ? value.array() : bytes(value);
                int from = value.hasArray() ? value.arrayOffset() + value.position() : 0;
                int to = from + value.remaining();
                if (readAsLines(entry.format(), bytes, from, to)) {
                    count[i] = lines.read(bytes, from, to, next); // numbered on from the last record
                } else {
                    count[i] = readAlone(i, entry.format(), bytes, from, to, next, sink);
                }
            }
            if (failure[i] == null && count[i] == 0) {
                failure[i] = "The record holds no event.";
            }
            next += count[i];
        }
    }

    /** NDJSON, and JSON that is one object on one line (what shippers write), read as lines. */
    private static boolean readAsLines(RecordFormat format, byte[] bytes, int from, int to) {
        return switch (format) {
            case NDJSON -> true;
            case JSON -> isOneLineObject(bytes, from, to);
            default -> false;
        };
    }

    /** A JSON record that is one object on one line reads the same as an NDJSON line: one event. */
    private static boolean isOneLineObject(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r')) {
            i++;
        }
        return i < to && bytes[i] == '{' && LineFeeds.indexOf(bytes, i, to) < 0;
    }

    /** A buffer's remaining bytes, copied (what a record's key or value holds). */
    static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** One record parsed on its own; its events reach the sink only once all of it was read. */
    private int readAlone(int i, RecordFormat format, byte[] bytes, int from, int to, int base, EventSink sink)
            throws IOException {
        HeldEvents held = new HeldEvents(sink.prefilter());
        try {
            parsers.parser(format).parse(new ByteArrayInputStream(bytes, from, to - from), held);
        } catch (UnusableBodyException | HecEnvelopeException e) {
            failure[i] = e.getMessage();
            return 0;
        }
        held.replay(base, sink);
        return held.size();
    }

    /**
     * The records that go to the dead-letter topic: those with a rejected event (the report lists every
     * rejection, by index in the batch) and those refused as a whole. Their other events were stored.
     */
    List<DeadLetter> deadLetters(IngestReport report) {
        Map<Integer, List<IngestReport.Rejection>> byRecord = new LinkedHashMap<>();
        for (IngestReport.Rejection rejection : report.rejected()) {
            byRecord.computeIfAbsent(recordOf(rejection.index()), k -> new ArrayList<>()).add(rejection);
        }
        List<DeadLetter> letters = new ArrayList<>();
        for (int k = 0; k < entries.length; k++) {
            ConsumerRecord<ByteBuffer, ByteBuffer> record = entries[k].record();
            if (failure[k] != null) {
                letters.add(new DeadLetter(record, failure[k], 0));
            } else if (byRecord.containsKey(k)) {
                List<IngestReport.Rejection> rejections = byRecord.get(k);
                StringBuilder reason = new StringBuilder();
                for (IngestReport.Rejection rejection : rejections) {
                    if (reason.length() > 2000) {
                        reason.append("; ...");
                        break;
                    }
                    reason.append(reason.length() == 0 ? "" : "; ").append("event ").append(rejection.index() - first[k])
                            .append(" of ").append(count[k]).append(": ").append(rejection.reason());
                }
                letters.add(new DeadLetter(record, reason.toString(), rejections.size()));
            }
        }
        return letters;
    }

    /** The record an event index of the batch belongs to. */
    int recordOf(long index) {
        int low = 0;
        int high = entries.length - 1;
        while (low < high) { // the last record whose first index is <= index (records without events share theirs)
            int mid = (low + high + 1) >>> 1;
            if (first[mid] <= index) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        if (index < first[low] || index >= first[low] + count[low]) {
            throw new IllegalArgumentException("no record holds event " + index);
        }
        return low;
    }

    /** A record's events as the parser gave them, for the sink once the record was read to its end. */
    private static final class HeldEvents implements EventSink {

        private final List<Object> calls = new ArrayList<>();
        private final MatchPrefilter prefilter;

        HeldEvents(MatchPrefilter prefilter) {
            this.prefilter = prefilter;
        }

        @Override
        public MatchPrefilter prefilter() {
            return prefilter;
        }

        private record Rejected(String reason) {
        }

        private static final Object SKIPPED = new Object();

        @Override
        public void accept(int index, RawEvent event) {
            check(index);
            calls.add(event);
        }

        @Override
        public void reject(int index, String reason) {
            check(index);
            calls.add(new Rejected(reason));
        }

        @Override
        public void skip(int index) {
            check(index);
            calls.add(SKIPPED);
        }

        private void check(int index) {
            if (index != calls.size()) {
                throw new IllegalStateException("event " + index + " where " + calls.size() + " was expected");
            }
        }

        int size() {
            return calls.size();
        }

        void replay(int base, EventSink sink) {
            for (int k = 0; k < calls.size(); k++) {
                Object call = calls.get(k);
                if (call instanceof RawEvent event) {
                    sink.accept(base + k, event);
                } else if (call instanceof Rejected rejected) {
                    sink.reject(base + k, rejected.reason());
                } else {
                    sink.skip(base + k);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "RecordBatch" + Arrays.toString(count);
    }
}
