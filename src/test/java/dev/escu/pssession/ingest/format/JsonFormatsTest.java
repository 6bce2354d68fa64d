package dev.escu.pssession.ingest.format;

import static dev.escu.pssession.ingest.format.CollectingSink.parse;
import static dev.escu.pssession.ingest.format.CollectingSink.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonFormatsTest {

    private final JsonEventFormat json = new JsonEventFormat(ParseLimits.DEFAULT);
    private final NdjsonEventFormat ndjson = new NdjsonEventFormat(ParseLimits.DEFAULT);

    @Test
    void readsTheNdjsonSample() {
        CollectingSink sink = parse(ndjson, resource("samples/powershell-4104.ndjson"));
        assertThat(sink.rejected).isEmpty();
        assertThat(sink.accepted).hasSize(4);
        assertThat(sink.fields(2).get("ScriptBlockText")).contains("hosts.txt\r\nforeach");
    }

    @Test
    void keepsNumbersExactlyAsWritten() {
        CollectingSink sink = parse(ndjson, "{\"_time\": 1772439295.417203, \"ProcessID\": 6120, \"flag\": true}");
        assertThat(sink.fields(0)).containsEntry("_time", "1772439295.417203").containsEntry("ProcessID", "6120")
                .containsEntry("flag", "true");
    }

    @Test
    void flattensNestedObjectsIntoDottedNamesAndSkipsArraysAndNulls() {
        CollectingSink sink = parse(json, "{\"winlog\": {\"event_data\": {\"ScriptBlockText\": \"x\"}, \"event_id\": 4104},"
                + " \"tags\": [\"a\", {\"b\": 1}], \"gone\": null}");
        assertThat(sink.fields(0)).containsOnlyKeys("winlog.event_data.ScriptBlockText", "winlog.event_id");
    }

    @Test
    void readsOneObjectAnArrayOrConcatenatedObjects() {
        assertThat(parse(json, "{\"a\": \"1\"}").accepted).hasSize(1);
        assertThat(parse(json, "[{\"a\": \"1\"}, {\"a\": \"2\"}]").accepted).hasSize(2);
        assertThat(parse(json, "{\"a\": \"1\"} {\"a\": \"2\"}\n{\"a\": \"3\"}").accepted).hasSize(3);
    }

    @Test
    void rejectsArrayElementsThatAreNotObjects() {
        CollectingSink sink = parse(json, "[{\"a\": \"1\"}, 42, \"x\", {\"a\": \"2\"}]");
        assertThat(sink.accepted).extracting(CollectingSink.Accepted::index).containsExactly(0, 3);
        assertThat(sink.rejected).extracting(CollectingSink.Rejected::index).containsExactly(1, 2);
    }

    @Test
    void rejectsTheEventWhereJsonBreaksAndSaysTheRestWasNotRead() {
        CollectingSink sink = parse(json, "[{\"a\": \"1\"}, {\"a\": }, {\"a\": \"3\"}]");
        assertThat(sink.accepted).hasSize(1);
        assertThat(sink.rejected).singleElement().satisfies(r -> {
            assertThat(r.index()).isEqualTo(1);
            assertThat(r.reason()).contains("Malformed JSON").contains("rest of the body was not read");
        });
    }

    @Test
    void refusesABodyThatIsNotJsonAtAll() {
        assertThatThrownBy(() -> parse(json, "hello")).isInstanceOf(UnusableBodyException.class);
        assertThatThrownBy(() -> parse(json, "")).isInstanceOf(UnusableBodyException.class);
        assertThatThrownBy(() -> parse(json, "42")).isInstanceOf(UnusableBodyException.class);
    }

    @Test
    void rejectsOnlyTheBadLinesOfNdjson() {
        CollectingSink sink = parse(ndjson, "{\"a\": \"1\"}\n{broken\n\n   \n[1,2]\n{\"a\": \"2\"} trailing\n{\"a\": \"3\"}\n");
        assertThat(sink.accepted).extracting(CollectingSink.Accepted::index).containsExactly(0, 4);
        assertThat(sink.rejected).extracting(CollectingSink.Rejected::index).containsExactly(1, 2, 3);
    }

    @Test
    void acceptsWindowsLineEndingsInNdjson() {
        CollectingSink sink = parse(ndjson, "{\"a\": \"1\"}\r\n{\"a\": \"2\"}\r\n");
        assertThat(sink.accepted).hasSize(2);
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        CollectingSink sink = parse(ndjson, deep + "\n{\"ok\": \"1\"}");
        assertThat(sink.rejected).singleElement().satisfies(r -> assertThat(r.reason()).containsIgnoringCase("nests"));
        assertThat(sink.accepted).hasSize(1);
    }

    @Test
    void rejectsAnNdjsonLineLongerThanTheEventLimit() {
        NdjsonEventFormat small = new NdjsonEventFormat(new ParseLimits(100, 32, 1000, 10));
        CollectingSink sink = parse(small, "{\"a\": \"" + "x".repeat(500) + "\"}\n{\"a\": \"1\"}");
        assertThat(sink.rejected).singleElement().satisfies(r -> assertThat(r.reason()).contains("larger than 100"));
        assertThat(sink.accepted).singleElement().satisfies(a -> assertThat(a.index()).isEqualTo(1));
    }

    @Test
    void rejectsAFieldLongerThanTheLimit() {
        NdjsonEventFormat small = new NdjsonEventFormat(new ParseLimits(1 << 20, 32, 1000, 10));
        CollectingSink sink = parse(small, "{\"a\": \"" + "x".repeat(5000) + "\"}\n{\"a\": \"1\"}");
        assertThat(sink.rejected).hasSize(1);
        assertThat(sink.accepted).hasSize(1);
    }

    @Test
    void acceptsRawControlCharactersInsideStrings() {
        CollectingSink sink = parse(ndjson, "{\"ScriptBlockText\": \"Enter-PSSession\u0001\t-ComputerName x\"}");
        assertThat(sink.rejected).isEmpty();
        assertThat(sink.fields(0).get("ScriptBlockText")).isEqualTo("Enter-PSSession\u0001\t-ComputerName x");
    }

    @Test
    void skipsLinesThatCannotMatchWithoutReadingThem() {
        EventFormat early = new Prefiltered(new NdjsonEventFormat(ParseLimits.DEFAULT),
                dev.escu.pssession.support.TestDetections.seed().prefilter());
        CollectingSink sink = parse(early, "{\"ScriptBlockText\": \"Get-Date\"}\n"
                + "{\"ScriptBlockText\": \"Enter-PSSession -ComputerName a\"}\n"
                + "{\"ScriptBlockText\": \"Get-Date\"\n"
                + "[1]\n"
                + "{\"ScriptBlockText\": \"\\u0045nter-PSSession -ComputerName a\"}\n");
        assertThat(sink.skipped).containsExactly(0);
        assertThat(sink.accepted).extracting(CollectingSink.Accepted::index).containsExactly(1, 4);
        assertThat(sink.rejected).extracting(CollectingSink.Rejected::index).containsExactly(2, 3);
        assertThat(sink.fields(1).get("ScriptBlockText")).isEqualTo("Enter-PSSession -ComputerName a");
    }

    /**
     * The hardened rule judges a split block once every part is in, so the early reject must read every
     * part, also in the Elastic Agent's shape, which names the count {@code powershell.total}: a part
     * holding neither the cmdlet nor its alias ("ssion -ComputerName ...") was skipped, and its block
     * never completed.
     */
    @Test
    void readsEveryPartOfASplitBlockInTheElasticAgentsShapeDespiteTheEarlyReject() {
        EventFormat early = new Prefiltered(new NdjsonEventFormat(ParseLimits.DEFAULT),
                dev.escu.pssession.support.TestDetections.bundled().prefilter());
        String part = "{\"powershell\":{\"file\":{\"script_block_id\":\"a1\",\"script_block_text\":\"%s\"},"
                + "\"sequence\":%d,\"total\":%d},\"winlog\":{\"channel\":\"Microsoft-Windows-PowerShell/Operational\","
                + "\"computer_name\":\"WS-EA\",\"event_id\":\"4104\",\"record_id\":\"50%d\"}}\n";
        CollectingSink sink = parse(early, part.formatted("$x = 1\\r\\nEnter-PSSe", 1, 2, 1)
                + part.formatted("ssion -ComputerName srv01", 2, 2, 2)
                + part.formatted("Get-Date", 1, 1, 3));
        assertThat(sink.accepted).extracting(CollectingSink.Accepted::index).containsExactly(0, 1);
        assertThat(sink.skipped).containsExactly(2);
    }

    @Test
    void rejectsInvalidUtf8InOneLineOnly() {
        byte[] body = "{\"a\": \"\u00ff\u00fe\"}\n{\"a\": \"ok\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        CollectingSink sink = parse(ndjson, body);
        assertThat(sink.rejected).singleElement().satisfies(r -> assertThat(r.index()).isZero());
        assertThat(sink.accepted).singleElement().satisfies(a -> assertThat(a.event().fields()).containsEntry("a", "ok"));
    }

    @Test
    void refusesMoreEventsThanTheLimitInEveryJsonShape() {
        ParseLimits two = new ParseLimits(1 << 20, 32, 1000, 2);
        String three = "{\"a\": \"1\"}\n{\"a\": \"2\"}\n{\"a\": \"3\"}\n";
        assertThatThrownBy(() -> parse(new NdjsonEventFormat(two), three))
                .isInstanceOf(UnusableBodyException.class).hasMessageContaining("more than 2 events");
        assertThatThrownBy(() -> parse(new JsonEventFormat(two), "[{\"a\": \"1\"}, {\"a\": \"2\"}, {\"a\": \"3\"}]"))
                .isInstanceOf(UnusableBodyException.class).hasMessageContaining("more than 2 events");
        assertThatThrownBy(() -> parse(new HecEventFormat(two), three.replace("\"a\"", "\"event\"")))
                .isInstanceOf(UnusableBodyException.class).hasMessageContaining("more than 2 events");
        assertThat(parse(new NdjsonEventFormat(two), three.substring(0, three.lastIndexOf('{'))).accepted).hasSize(2);
    }

    @Test
    void readsNdjsonInPlaceRecordByRecordExactlyAsTheStreamOfThoseRecords() throws Exception {
        // Kafka records read in place, one Lines for all of them, against the same records joined by line feeds
        NdjsonEventFormat small = new NdjsonEventFormat(new ParseLimits(120, 32, 1000, 1000));
        dev.escu.pssession.detection.MatchPrefilter early = dev.escu.pssession.support.TestDetections.seed().prefilter();
        String[] lines = {"{\"ScriptBlockText\": \"Enter-PSSession -ComputerName a\", \"EventCode\": \"4104\"}",
                "{\"ScriptBlockText\": \"Get-Date\"}", "{\"a\": \"1\"}\r", "", "  \t\r", "{\"a\": ", "[1]",
                "{\"a\": \"" + "x".repeat(200) + "\"}", " ".repeat(130), "{\"a\": \"2\"} {}"};
        java.util.Random random = new java.util.Random(11);
        for (int round = 0; round < 500; round++) {
            java.util.List<byte[]> records = new java.util.ArrayList<>();
            StringBuilder joined = new StringBuilder();
            for (int r = 1 + random.nextInt(6); r > 0; r--) {
                StringBuilder record = new StringBuilder();
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    record.append(record.length() == 0 && random.nextBoolean() ? "" : "\n").append(lines[random.nextInt(lines.length)]);
                }
                if (random.nextInt(4) == 0) {
                    record.append('\n');
                }
                records.add(record.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                joined.append(record).append('\n');
            }
            Calls streamed = new Calls(early);
            small.parse(new java.io.ByteArrayInputStream(joined.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)), streamed);
            Calls inPlace = new Calls(early);
            NdjsonEventFormat.Lines reader = small.lines(inPlace);
            int next = 0;
            for (byte[] record : records) {
                int before = inPlace.calls.size();
                int events = reader.read(record, 0, record.length, next);
                assertThat(inPlace.calls.size() - before).isEqualTo(events);
                next += events;
            }
            assertThat(inPlace.calls).as("records %s", joined).isEqualTo(streamed.calls);
        }
    }

    /** Every call a parser makes, as text. */
    private static final class Calls implements EventSink {
        final java.util.List<String> calls = new java.util.ArrayList<>();
        final dev.escu.pssession.detection.MatchPrefilter prefilter;

        Calls(dev.escu.pssession.detection.MatchPrefilter prefilter) {
            this.prefilter = prefilter;
        }

        @Override
        public dev.escu.pssession.detection.MatchPrefilter prefilter() {
            return prefilter;
        }

        @Override
        public void accept(int index, RawEvent event) {
            calls.add(index + " accept " + event.fields());
        }

        @Override
        public void reject(int index, String reason) {
            calls.add(index + " reject " + reason);
        }

        @Override
        public void skip(int index) {
            calls.add(index + " skip");
        }
    }
}
