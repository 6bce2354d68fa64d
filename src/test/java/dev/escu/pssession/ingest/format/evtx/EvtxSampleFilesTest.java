package dev.escu.pssession.ingest.format.evtx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The two real files of ../shared/samples/evtx against their oracles (python-evtx, cross-checked with libevtx). */
class EvtxSampleFilesTest {

    static final Path SAMPLES = Path.of("..", "shared", "samples", "evtx");
    static final String SERVICE = "md-service-creation-powershell";
    static final String LSASS = "md-lsass-dump-with-lsassy-powershell";

    /** Fields that come from System; every other field is an EventData/Data. */
    private static final Set<String> SYSTEM_FIELDS = Set.of("EventID", "Version", "Level", "Task", "Opcode", "Keywords",
            "EventRecordID", "Channel", "Computer", "Name", "Guid", "SystemTime", "ActivityID", "ProcessID", "ThreadID", "UserID");

    static byte[] sample(String name) {
        try {
            return Files.readAllBytes(SAMPLES.resolve(name + ".evtx"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode oracle(String name) throws IOException {
        return JsonMapper.builder().build().readTree(Files.readString(SAMPLES.resolve(name + ".oracle.json")));
    }

    @ParameterizedTest
    @ValueSource(strings = {SERVICE, LSASS})
    void readsEveryRecordOfEveryChannelAsTheOracleDoes(String name) throws IOException {
        JsonNode oracle = oracle(name);
        RecordingSink sink = RecordingSink.evtx(sample(name));

        assertThat(sink.rejected).isEmpty();
        JsonNode records = oracle.get("records");
        assertThat(sink.accepted).hasSize(oracle.get("record_count").asInt()).hasSize(records.size());
        assertThat(sink.acceptedIndexes()).isEqualTo(java.util.stream.IntStream.range(0, records.size()).boxed().toList());
        for (int i = 0; i < records.size(); i++) {
            JsonNode expected = records.get(i);
            Map<String, String> fields = sink.accepted.get(i).event().fields();
            String where = name + " record " + i;
            assertThat(fields.get("EventRecordID")).as(where).isEqualTo(expected.get("EventRecordID").asString());
            assertField(fields, "Computer", expected.get("Computer"), where);
            assertField(fields, "Channel", expected.get("Channel"), where);
            assertField(fields, "EventID", expected.get("EventID"), where);
            assertField(fields, "SystemTime", expected.get("SystemTime"), where);
            assertField(fields, "UserID", expected.get("UserID"), where);
            assertField(fields, "ProcessID", expected.get("ProcessID"), where);
            assertField(fields, "ThreadID", expected.get("ThreadID"), where);
            assertField(fields, "Name", expected.get("ProviderName"), where);
            assertField(fields, "Guid", expected.get("ProviderGuid"), where);
            assertField(fields, "Version", expected.get("Version"), where);
            assertField(fields, "Opcode", expected.get("Opcode"), where);
            assertField(fields, "Level", expected.get("Level"), where);
            assertField(fields, "Task", expected.get("Task"), where);
            assertField(fields, "Keywords", expected.get("Keywords"), where);

            Map<String, String> eventData = new LinkedHashMap<>(fields);
            eventData.keySet().removeAll(SYSTEM_FIELDS);
            eventData.remove("source"); // the add-on's source, from the channel
            Map<String, String> expectedData = new LinkedHashMap<>();
            expected.get("EventData").properties().forEach(e -> expectedData.put(e.getKey(), e.getValue().asString()));
            assertThat(eventData).as(where + " EventData").isEqualTo(expectedData);
            assertThat(fields).as(where).containsEntry("source", "XmlWinEventLog:" + expected.get("Channel").asString());
            assertThat(sink.accepted.get(i).event().derived()).as(where).containsEntry("sourcetype", "XmlWinEventLog");
        }
    }

    private static void assertField(Map<String, String> fields, String field, JsonNode expected, String where) {
        if (expected == null || expected.isNull()) {
            assertThat(fields).as(where + " " + field).doesNotContainKey(field);
        } else {
            assertThat(fields.get(field)).as(where + " " + field).isEqualTo(expected.asString());
        }
    }

    /** The README's table of each 4104: EventRecordID, UTF-16 length, SHA-256 prefix, ScriptBlockId. */
    private static final Pattern SCRIPT_BLOCK_ROW = Pattern.compile(
            "^(\\d+)\\s+(\\d+)\\s+([0-9a-f]{12})\\s+([0-9a-f-]{36})\\s", Pattern.MULTILINE);

    @ParameterizedTest
    @ValueSource(strings = {SERVICE, LSASS})
    void readsEachScriptBlockTextExactlyWithItsCarriageReturns(String name) throws IOException {
        String readme = Files.readString(SAMPLES.resolve("README.md"));
        String section = readme.substring(readme.indexOf("## `" + name + ".evtx`"));
        int next = section.indexOf("\n## ", 4);
        Matcher row = SCRIPT_BLOCK_ROW.matcher(next < 0 ? section : section.substring(0, next));
        Map<String, Map<String, String>> byRecordId = new LinkedHashMap<>();
        RecordingSink.evtx(sample(name)).fields().forEach(f -> byRecordId.put(f.get("EventRecordID"), f));

        int rows = 0;
        while (row.find()) {
            rows++;
            Map<String, String> fields = byRecordId.get(row.group(1));
            assertThat(fields).as("EventRecordID " + row.group(1)).isNotNull().containsEntry("EventID", "4104")
                    .containsEntry("ScriptBlockId", row.group(4)).containsEntry("Computer", "FS03.offsec.lan")
                    .containsEntry("UserID", "S-1-5-21-4230534742-2542757381-3142984815-1111");
            String text = fields.get("ScriptBlockText");
            assertThat(text.length()).as("UTF-16 length of " + row.group(1)).isEqualTo(Integer.parseInt(row.group(2)));
            assertThat(sha256(text).substring(0, 12)).as("SHA-256 of " + row.group(1)).isEqualTo(row.group(3));
        }
        long scriptBlocks = byRecordId.values().stream().filter(f -> "4104".equals(f.get("EventID"))).count();
        assertThat(rows).isEqualTo(scriptBlocks).isEqualTo(oracle(name).get("count_4104").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {SERVICE, LSASS})
    void keepsCarriageReturnLineFeedsInScriptBlocks(String name) throws IOException {
        JsonNode oracle = oracle(name);
        List<Map<String, String>> fields = RecordingSink.evtx(sample(name)).fields();
        long withCrLf = fields.stream().filter(f -> "4104".equals(f.get("EventID")))
                .filter(f -> f.get("ScriptBlockText").contains("\r\n")).count();
        String readme = Files.readString(SAMPLES.resolve("README.md"));
        Matcher m = Pattern.compile("## `" + name + "\\.evtx`[\\s\\S]*?(\\d+) hold CR LF").matcher(readme);
        assertThat(m.find()).isTrue();
        assertThat(withCrLf).isEqualTo(Long.parseLong(m.group(1))).isPositive();
        assertThat(oracle.get("multipart_4104").asInt()).isZero();
    }

    @org.junit.jupiter.api.Test
    void doesNotCountTheDeletedRecordsLeftInTheChunksSlack() throws IOException {
        byte[] file = sample(SERVICE);
        int free = EvtxValues.i32(file, 4096 + 48);
        // the slack after the free-space offset does hold old records (libevtx recovers them) ...
        int signatures = 0;
        for (int at = 4096 + free; at + 4 <= file.length; at++) {
            if (EvtxValues.i32(file, at) == 0x2a2a) {
                signatures++;
            }
        }
        assertThat(signatures).isPositive();
        assertThat(oracle(SERVICE).get("libevtx_recovered_records").asInt()).isPositive();
        // ... and none of them is read
        RecordingSink sink = RecordingSink.evtx(file);
        assertThat(sink.accepted).hasSize(8);
        assertThat(sink.rejected).isEmpty();
        assertThat(sink.fields()).extracting(f -> f.get("EventRecordID"))
                .containsExactly("1842", "1843", "4742", "4743", "4744", "4745", "4746", "4747");
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
