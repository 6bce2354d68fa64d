package dev.escu.pssession.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The rows of COPY's text format that matched events are staged as. */
class StagingRowsTest {

    private static final Instant TIME = Instant.parse("2026-03-02T08:14:55.123456Z");

    @Test
    void escapesCopysSpecialCharactersAndPadsMissingValuesWithNull() {
        StagingRows rows = new StagingRows(3);
        rows.add(7, event("d1", List.of("a\\b", "t\tn\nr\r", "é 漢"), null), "{\"k\":\"v\"}");

        assertThat(lines(rows)).containsExactly(String.join("\t", "7", "d1", "1", "\\\\x00ff10", "\\\\xab",
                "a\\\\b", "t\\tn\\nr\\r", "é 漢", "SRV-1", "2026-03-02T08:14:55.123456Z", "{\"k\":\"v\"}", "\\N"));
        rows = new StagingRows(3);
        rows.add(1, event("d1", List.of("x"), "{\"why\":1}"), "{}");
        assertThat(lines(rows).get(0).split("\t", -1)).hasSize(12)
                .containsSubsequence("x", "\\N", "\\N", "SRV-1").endsWith("{\"why\":1}");
    }

    @Test
    void detectionsWithEqualValuesGetTheSameColumnsAndTheNextEventItsOwn() {
        StagingRows rows = new StagingRows(2);
        rows.add(1, event("seed", new ArrayList<>(List.of("SRV-1", "Enter-PSSession\r\n-ComputerName x")), null), "{}");
        rows.add(2, event("companion", new ArrayList<>(List.of("SRV-1", "Enter-PSSession\r\n-ComputerName x")), null), "{}");
        rows.add(3, event("seed", List.of("SRV-2", "etsn y"), null), "{}");
        rows.add(4, event("seed", List.of("SRV-2"), null), "{}");

        assertThat(lines(rows)).extracting(line -> line.split("\t", -1)[5] + "|" + line.split("\t", -1)[6]).containsExactly(
                "SRV-1|Enter-PSSession\\r\\n-ComputerName x", "SRV-1|Enter-PSSession\\r\\n-ComputerName x",
                "SRV-2|etsn y", "SRV-2|\\N");
    }

    private static MatchedEvent event(String detection, List<String> values, String evidence) {
        return new MatchedEvent(detection, 1, new byte[] {0, (byte) 0xff, 0x10}, new byte[] {(byte) 0xab}, values, "SRV-1",
                TIME, Map.of(), evidence);
    }

    private static List<String> lines(StagingRows rows) {
        return List.of(new String(rows.bytes(), StandardCharsets.UTF_8).split("\n"));
    }
}
