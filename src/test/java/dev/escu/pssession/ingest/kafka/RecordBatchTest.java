package dev.escu.pssession.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.escu.pssession.detection.MatchPrefilter;
import dev.escu.pssession.ingest.IngestReport;
import dev.escu.pssession.ingest.format.EventFormat;
import dev.escu.pssession.ingest.format.EventSink;
import dev.escu.pssession.ingest.format.HecEventFormat;
import dev.escu.pssession.ingest.format.JsonEventFormat;
import dev.escu.pssession.ingest.format.NdjsonEventFormat;
import dev.escu.pssession.ingest.format.ParseLimits;
import dev.escu.pssession.ingest.format.RawEvent;
import dev.escu.pssession.ingest.format.XmlEventFormat;

/**
 * One poll's records as one body: each event's index maps back to its record, whatever mix of
 * formats and shapes the records have, and a record refused as a whole costs only itself.
 */
class RecordBatchTest {

    private static final ParseLimits LIMITS = new ParseLimits(200, 32, 1 << 20, 1_000_000);
    private static final String EVENT = "{\"EventCode\": \"4104\", \"dest\": \"H\", \"ScriptBlockText\": \"Enter-PSSession -ComputerName x\"}";
    private static final String XML_EVENT = "<Event><System><EventID>4104</EventID><Computer>H</Computer></System>"
            + "<EventData><Data Name='ScriptBlockText'>Enter-PSSession -ComputerName x</Data></EventData></Event>";

    private final EventFormat json = new JsonEventFormat(LIMITS);
    private final NdjsonEventFormat ndjson = new NdjsonEventFormat(LIMITS);
    private final EventFormat xml = new XmlEventFormat(LIMITS);
    private final EventFormat hec = new HecEventFormat(LIMITS);
    private final List<ConsumerRecord<ByteBuffer, ByteBuffer>> records = new ArrayList<>();
    private final List<RecordBatch.Entry> entries = new ArrayList<>();
    private MatchPrefilter prefilter = MatchPrefilter.NONE;

    @Test
    void numbersTheEventsOfEveryRecordInOrderAndMapsThemBack() throws Exception {
        add(RecordFormat.NDJSON, EVENT + "\n\n  \r\n" + EVENT + "\n");     // 0: two lines and blank ones
        add(RecordFormat.JSON, EVENT);                                     // 1: one line, joined to the NDJSON run
        add(RecordFormat.JSON, "[" + EVENT + ",\n" + EVENT + "]");        // 2: an array over two lines, alone
        add(RecordFormat.JSON, "{\n  \"EventCode\": \"4104\", \"dest\": \"P\"\n}"); // 3: pretty-printed
        add(RecordFormat.XML, XML_EVENT + "\n" + XML_EVENT);              // 4: two XML events
        add(RecordFormat.NDJSON, null);                                    // 5: a tombstone
        add(RecordFormat.HEC, "{\"event\": " + EVENT + "}{\"event\": " + EVENT + "}"); // 6: two envelopes
        add(RecordFormat.NDJSON, EVENT);                                   // 7

        Recorded recorded = parse();

        assertThat(recorded.indexes).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(recorded.kinds).doesNotContain("reject");
        int[] expected = {0, 0, 1, 2, 2, 3, 4, 4, 6, 6, 7};
        for (int index = 0; index < expected.length; index++) {
            assertThat(recorded.batch.recordOf(index)).as("record of event %d", index).isEqualTo(expected[index]);
        }
        assertThat(recorded.batch.deadLetters(recorded.report())).isEmpty();
    }

    @Test
    void aRejectedEventSendsItsRecordToTheDeadLetterTopicWithItsPositionAndReason() throws Exception {
        add(RecordFormat.NDJSON, EVENT);
        add(RecordFormat.NDJSON, EVENT + "\n{\"EventCode\": \"4104\", \"ScriptBlockText\": \"Enter-PSSession -ComputerName x\"");
        add(RecordFormat.JSON, EVENT);

        Recorded recorded = parse();
        List<RecordBatch.DeadLetter> letters = recorded.batch.deadLetters(recorded.report());

        assertThat(recorded.indexes).containsExactly(0, 1, 2, 3);
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.record()).isSameAs(records.get(1));
            assertThat(letter.reason()).startsWith("event 1 of 2: Malformed JSON");
            assertThat(letter.rejectedEvents()).isEqualTo(1);
        });
    }

    @Test
    void aRecordRefusedAsAWholeHandsOnNoneOfItsEventsAndCostsOnlyItself() throws Exception {
        add(RecordFormat.HEC, "{\"event\": " + EVENT + "}{\"event\": " + EVENT + "}{\"time\": \"soon\", \"event\": \"x\"}");
        add(RecordFormat.XML, XML_EVENT + "<!DOCTYPE x []>" + XML_EVENT);
        add(RecordFormat.JSON, "   ");
        add(RecordFormat.XML, XML_EVENT);
        entries.add(new RecordBatch.Entry(record("<x/>"), null, "Unsupported content-type 'text/plain'"));

        Recorded recorded = parse();
        List<RecordBatch.DeadLetter> letters = recorded.batch.deadLetters(recorded.report());

        assertThat(recorded.indexes).containsExactly(0); // only the last XML record's event
        assertThat(recorded.batch.recordOf(0)).isEqualTo(3);
        assertThat(letters).extracting(RecordBatch.DeadLetter::reason).containsExactly(
                "\"time\" must be epoch seconds, found \"soon\".",
                "DOCTYPE declarations are refused: events must not declare DTDs or entities.",
                "The body holds no JSON.",
                "Unsupported content-type 'text/plain'");
    }

    @Test
    void aLineLongerThanTheLimitCountsAsTheOneEventTheParserRejects() throws Exception {
        add(RecordFormat.NDJSON, " ".repeat(300) + "\n" + EVENT);
        add(RecordFormat.JSON, EVENT);

        Recorded recorded = parse();

        assertThat(recorded.indexes).containsExactly(0, 1, 2);
        assertThat(recorded.batch.recordOf(1)).isZero();
        assertThat(recorded.batch.recordOf(2)).isEqualTo(1);
        assertThat(recorded.batch.deadLetters(recorded.report())).singleElement()
                .satisfies(letter -> assertThat(letter.reason()).contains("larger than 200 bytes"));
    }

    @Test
    void theParsersGetThePipelinesEarlyRejectAsOverHttp() throws Exception {
        String other = "{\"EventCode\": \"4104\", \"dest\": \"H\", \"ScriptBlockText\": \"Get-Date\"}";
        String otherXml = XML_EVENT.replace("Enter-PSSession -ComputerName x", "Get-Date");
        add(RecordFormat.NDJSON, EVENT + "\n" + other);     // 0, 1: joined lines
        add(RecordFormat.JSON, other);                      // 2: joined
        add(RecordFormat.XML, otherXml + "\n" + XML_EVENT);  // 3, 4: read alone, held, replayed
        prefilter = MatchPrefilter.of(List.of(MatchPrefilter.Terms.literal("Enter-PSSession")));

        Recorded recorded = parse();

        assertThat(recorded.indexes).containsExactly(0, 1, 2, 3, 4);
        assertThat(recorded.kinds).containsExactly("accept", "skip", "skip", "skip", "accept");
    }

    @Test
    void findsLineFeedsEightBytesAtATimeWhereverTheyAre() {
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 2000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (random.nextInt(8) == 0 ? '\n' : random.nextInt(256));
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int expected = -1;
            for (int i = from; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    expected = i;
                    break;
                }
            }
            assertThat(dev.escu.pssession.ingest.format.LineFeeds.indexOf(bytes, from, bytes.length)).isEqualTo(expected);
        }
    }

    private void add(RecordFormat format, String value) {
        ConsumerRecord<ByteBuffer, ByteBuffer> record = record(value);
        records.add(record);
        entries.add(new RecordBatch.Entry(record, format, null));
    }

    private ConsumerRecord<ByteBuffer, ByteBuffer> record(String value) {
        return new ConsumerRecord<>("t", 0, records.size(), null, value == null ? null : inFetch(value));
    }

    /** The value as the consumer hands it: a slice of a larger fetch buffer, other records' bytes around it. */
    private static ByteBuffer inFetch(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        byte[] fetch = new byte[bytes.length + 40];
        java.util.Arrays.fill(fetch, (byte) 'x');
        ByteBuffer around = ByteBuffer.wrap(fetch);
        around.position(7);
        ByteBuffer slice = around.slice(); // arrayOffset 7
        slice.position(13);
        slice.put(bytes);
        slice.position(13).limit(13 + bytes.length);
        return slice;
    }

    @Test
    void readsEachValueWhereItLiesInTheFetchBufferAndSendsOnlyItsBytesToTheDeadLetterTopic() throws Exception {
        add(RecordFormat.NDJSON, EVENT);
        add(RecordFormat.JSON, EVENT);
        add(RecordFormat.XML, XML_EVENT);
        add(RecordFormat.NDJSON, "{\"EventCode\": ");

        Recorded recorded = parse();
        List<RecordBatch.DeadLetter> letters = recorded.batch.deadLetters(recorded.report());

        assertThat(recorded.indexes).containsExactly(0, 1, 2, 3);
        assertThat(recorded.kinds).containsExactly("accept", "accept", "accept", "reject");
        assertThat(letters).singleElement().satisfies(letter ->
                assertThat(new String(RecordBatch.bytes(letter.record().value()), StandardCharsets.UTF_8))
                        .isEqualTo("{\"EventCode\": "));
        assertThat(records.get(3).value().position()).as("the record's own buffer is left as it was").isEqualTo(13);
    }

    private Recorded parse() throws Exception {
        RecordBatch batch = new RecordBatch(entries, ndjson, format -> switch (format) {
            case JSON -> json;
            case NDJSON -> ndjson;
            case XML -> xml;
            case HEC -> hec;
        });
        Recorded recorded = new Recorded(batch, prefilter);
        batch.parse(InputStream.nullInputStream(), recorded);
        return recorded;
    }

    /** What the pipeline would receive. */
    private static final class Recorded implements EventSink {
        final RecordBatch batch;
        final List<Integer> indexes = new ArrayList<>();
        final List<String> kinds = new ArrayList<>();
        final List<IngestReport.Rejection> rejections = new ArrayList<>();

        final MatchPrefilter prefilter;

        Recorded(RecordBatch batch, MatchPrefilter prefilter) {
            this.batch = batch;
            this.prefilter = prefilter;
        }

        @Override
        public MatchPrefilter prefilter() {
            return prefilter;
        }

        @Override
        public void accept(int index, RawEvent event) {
            indexes.add(index);
            kinds.add("accept");
        }

        @Override
        public void reject(int index, String reason) {
            indexes.add(index);
            kinds.add("reject");
            rejections.add(new IngestReport.Rejection(index, reason));
        }

        @Override
        public void skip(int index) {
            indexes.add(index);
            kinds.add("skip");
        }

        IngestReport report() {
            return new IngestReport(indexes.size(), indexes.size() - rejections.size(), rejections, 0, 0, 0, 0, 0);
        }
    }
}
