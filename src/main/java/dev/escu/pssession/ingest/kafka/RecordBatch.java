package dev.escu.pssession.ingest.kafka;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
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
import dev.escu.pssession.ingest.format.HecEnvelopeException;
import dev.escu.pssession.ingest.format.RawEvent;
import dev.escu.pssession.ingest.format.UnusableBodyException;

/**
 * The records of one poll as one body for {@code EventIntake.ingest}: one parse, one detection pass and
 * one PostgreSQL transaction for the whole poll, through the HTTP intake's own parsers. Every event gets
 * a 0-based index in the batch, and each record knows which indexes are its own, so the report's
 * rejections map back to records.
 *
 * <p>Consecutive records read as lines (NDJSON records, and JSON records that are one object on one
 * line, which is what shippers write) are joined with line feeds into one NDJSON stream: one parser
 * run, no per-record cost. Any other record (XML, HEC envelopes, JSON arrays or pretty-printed JSON) is
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
    record Entry(ConsumerRecord<byte[], byte[]> record, RecordFormat format, String refusal) {
    }

    /** A record that goes to the dead-letter topic, and why. */
    record DeadLetter(ConsumerRecord<byte[], byte[]> record, String reason, int rejectedEvents) {
    }

    private static final byte[] FEED = {'\n'};

    private final Entry[] entries;
    private final Parsers parsers;
    private final int maxLineBytes;
    private final int[] first;
    private final int[] count;
    private final String[] failure;
    private boolean parsed;

    /** @param maxLineBytes the NDJSON parser's line limit: a longer line counts as one (rejected) event */
    RecordBatch(List<Entry> entries, Parsers parsers, int maxLineBytes) {
        this.entries = entries.toArray(Entry[]::new);
        this.parsers = parsers;
        this.maxLineBytes = maxLineBytes;
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
        int next = 0;
        int i = 0;
        while (i < entries.length) {
            Entry entry = entries[i];
            first[i] = next;
            if (entry.refusal() != null) {
                failure[i] = entry.refusal();
                i++;
            } else if (entry.record().value() == null) {
                i++; // a tombstone: nothing to read, nothing to refuse
            } else if (readAsLines(entry)) {
                int end = i;
                int events = 0;
                do {
                    first[end] = next + events;
                    count[end] = entries[end].format() == RecordFormat.JSON ? 1 : countLines(entries[end].record().value());
                    events += count[end];
                    end++;
                } while (end < entries.length && entries[end].refusal() == null
                        && entries[end].record().value() != null && readAsLines(entries[end]));
                if (events > 0) {
                    readLines(i, end, next, events, sink);
                }
                next += events;
                i = end;
            } else {
                count[i] = readAlone(i, entry, next, sink);
                next += count[i];
                i++;
            }
        }
        for (int k = 0; k < entries.length; k++) {
            if (failure[k] == null && count[k] == 0 && entries[k].record().value() != null) {
                failure[k] = "The record holds no event.";
            }
        }
    }

    private static boolean readAsLines(Entry entry) {
        byte[] value = entry.record().value();
        return switch (entry.format()) {
            case NDJSON -> true;
            case JSON -> isOneLineObject(value);
            default -> false;
        };
    }

    /** A JSON record that is one object on one line reads the same as an NDJSON line: one event. */
    private static boolean isOneLineObject(byte[] value) {
        int i = 0;
        while (i < value.length && (value[i] == ' ' || value[i] == '\t' || value[i] == '\r')) {
            i++;
        }
        return i < value.length && value[i] == '{' && LineFeeds.indexOf(value, i, value.length) < 0;
    }

    /**
     * The events the NDJSON parser finds in a value: its lines that are not blank (white space as the
     * parser's line reader sees it: space, tab, CR), or too long to read.
     */
    private int countLines(byte[] value) {
        int lines = 0;
        int start = 0;
        while (true) {
            int feed = LineFeeds.indexOf(value, start, value.length);
            int end = feed < 0 ? value.length : feed;
            if (end - start > maxLineBytes || !LineFeeds.blank(value, start, end)) {
                lines++;
            }
            if (feed < 0) {
                return lines;
            }
            start = feed + 1;
        }
    }

    /** Records from..to (exclusive) joined into one NDJSON stream: one parser run. */
    private void readLines(int from, int to, int base, int events, EventSink sink) throws IOException {
        List<byte[]> parts = new ArrayList<>(2 * (to - from));
        for (int k = from; k < to; k++) {
            parts.add(entries[k].record().value());
            parts.add(FEED);
        }
        int[] seen = {0};
        parsers.parser(RecordFormat.NDJSON).parse(new JoinedBytes(parts), new EventSink() {
            @Override
            public MatchPrefilter prefilter() {
                return sink.prefilter(); // the early reject, as over HTTP
            }

            @Override
            public void accept(int index, RawEvent event) {
                sink.accept(checked(index), event);
            }

            @Override
            public void reject(int index, String reason) {
                sink.reject(checked(index), reason);
            }

            @Override
            public void skip(int index) {
                sink.skip(checked(index));
            }

            private int checked(int index) {
                if (index != seen[0] || index >= events) {
                    throw new IllegalStateException("NDJSON event " + index + " where event " + seen[0] + " of "
                            + events + " was expected: the records' lines were counted wrongly");
                }
                seen[0]++;
                return base + index;
            }
        });
        if (seen[0] != events) {
            throw new IllegalStateException("NDJSON parser found " + seen[0] + " events in lines counted as " + events);
        }
    }

    /** One record parsed on its own; its events reach the sink only once all of it was read. */
    private int readAlone(int i, Entry entry, int base, EventSink sink) throws IOException {
        HeldEvents held = new HeldEvents(sink.prefilter());
        try {
            parsers.parser(entry.format()).parse(new ByteArrayInputStream(entry.record().value()), held);
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
            ConsumerRecord<byte[], byte[]> record = entries[k].record();
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

    /** Byte arrays read one after the other as one stream, copied across their ends into the reader's buffer. */
    private static final class JoinedBytes extends InputStream {

        private final List<byte[]> parts;
        private int part;
        private int offset;

        JoinedBytes(List<byte[]> parts) {
            this.parts = parts;
        }

        @Override
        public int read() {
            while (part < parts.size()) {
                byte[] current = parts.get(part);
                if (offset < current.length) {
                    return current[offset++] & 0xff;
                }
                part++;
                offset = 0;
            }
            return -1;
        }

        @Override
        public int read(byte[] buffer, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int copied = 0;
            while (copied < len && part < parts.size()) {
                byte[] current = parts.get(part);
                int n = Math.min(len - copied, current.length - offset);
                System.arraycopy(current, offset, buffer, off + copied, n);
                copied += n;
                offset += n;
                if (offset == current.length) {
                    part++;
                    offset = 0;
                }
            }
            return copied == 0 ? -1 : copied;
        }
    }

    @Override
    public String toString() {
        return "RecordBatch" + Arrays.toString(count);
    }
}
