package dev.escu.pssession.detection.powershell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/**
 * The hardened rule's early reject on raw bytes is a necessary condition: whenever the reader's own
 * pre-filter passes a script block, the bytes of that block as an NDJSON line and as a Windows XML
 * event pass too, whatever escapes the format adds; and it passes every part of a split block.
 */
class InteractiveSessionBytesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static boolean asJson(String text) {
        byte[] line = JSON.writeValueAsString(java.util.Map.of("ScriptBlockText", text)).getBytes(StandardCharsets.UTF_8);
        return InteractiveSessionBytes.mayConcern(line, 0, line.length);
    }

    private static boolean asXml(String text) {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;").replace("\r", "&#xD;");
        byte[] event = ("<Event><EventData><Data Name='ScriptBlockText'>" + escaped + "</Data></EventData></Event>")
                .getBytes(StandardCharsets.UTF_8);
        return InteractiveSessionBytes.mayConcern(event, 0, event.length);
    }

    @Test
    void passesEveryCorpusBlockTheReadersPreFilterPasses() {
        int passed = 0;
        for (LabelledBlock block : HardenedCorpus.all()) {
            if (RemoteSessionAnalyzer.mayInvoke(block.text())) {
                passed++;
                assertThat(asJson(block.text())).as(block.id()).isTrue();
                assertThat(asXml(block.text())).as(block.id()).isTrue();
            }
        }
        assertThat(passed).isGreaterThan(500);
    }

    @Test
    void passesRandomTextsTheReadersPreFilterPasses() {
        String[] pieces = {"Enter", "-PS", "Session", "P", "S", "s", "ession", "'", "\"", "`", "\\", "&", "etsn", "E", "t",
            "S", "n", "\u017f", "\u0131", "\u2018", "\u201c", " ", "\r\n", "x", "<", ">", "`u{45}", "\u00e9", "\\u0045"};
        Random random = new Random(7);
        int kept = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int p = random.nextInt(9); p >= 0; p--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            if (RemoteSessionAnalyzer.mayInvoke(text)) {
                kept++;
                assertThat(asJson(text.toString())).as(text.toString()).isTrue();
                assertThat(asXml(text.toString())).as(text.toString()).isTrue();
            }
        }
        assertThat(kept).isGreaterThan(1000);
    }

    @Test
    void theTableDrivenScannerAgreesWithThePlainOneOnRandomBytes() {
        String[] pieces = {"Enter", "-PS", "Session", "P", "S", "s", "ession", "'", "\"", "`", "\\", "&", "&quot;", "&amp;",
            "&#x45;", "etsn", "E", "t", "n", "\u017f", "\u0131", "\u2018", " ", "x", "`u{", "\\u", "MessageTotal",
            "\"MessageTotal\": ", "'>", "1", "2", "3", "Message", "Total", "\u00e9"};
        Random random = new Random(17);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int p = random.nextInt(10); p >= 0; p--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            int cut = random.nextInt(3) == 0 ? random.nextInt(bytes.length + 1) : bytes.length; // also cut mid-character
            assertThat(InteractiveSessionBytes.mayConcern(bytes, 0, cut)).as(text.toString())
                    .isEqualTo(ReferenceSessionBytes.mayConcern(bytes, 0, cut));
        }
    }

    /** Long events are read as two halves at once: the answer is that of one reading, wherever the halves meet. */
    @Test
    void readingInTwoHalvesAgreesWithThePlainScannerOnLongRandomBytes() {
        String[] pieces = {"Enter", "-PS", "Session", "P", "S", "s", "ession", "'", "\"", "`", "\\", "&", "&quot;", "&amp;",
            "&lt;", "&#x45;", "etsn", "E", "t", "n", "\u017f", "\u0131", "\u2018", " ", "x", "`u{", "\\u", "MessageTotal",
            "\"MessageTotal\": ", "'>", "1", "2", "3", "Message", "Total", "\u00e9", "q", "u", "o", ";", "#", "/", "{", "-",
            "Get-ChildItem ", "$env:TEMP ", "|", "\r\n"};
        Random random = new Random(29);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int p = 10 + random.nextInt(80); p >= 0; p--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            int from = random.nextInt(4);
            int to = random.nextInt(3) == 0 ? from + random.nextInt(bytes.length - from + 1) : bytes.length;
            assertThat(InteractiveSessionBytes.mayConcern(bytes, from, to - from)).as("%s [%d, %d)", text, from, to)
                    .isEqualTo(ReferenceSessionBytes.mayConcern(bytes, from, to - from));
        }
    }

    @Test
    void rejectsOrdinaryBlocks() {
        assertThat(asJson("Get-ChildItem C:\\Windows | Where-Object { $_.Length -gt 1kb }")).isFalse();
        assertThat(asXml("Invoke-Command -ComputerName SRV01 -ScriptBlock { hostname }")).isFalse();
        assertThat(asJson("New-PSSessionOption -SkipCACheck")).isTrue(); // names the word: read, then judged not flagged
    }

    @Test
    void passesEveryPartOfASplitBlockWhateverItsText() {
        byte[] xml = "<Data Name='MessageNumber'>2</Data><Data Name='MessageTotal'>3</Data><Data Name='ScriptBlockText'>x</Data>"
                .getBytes(StandardCharsets.UTF_8);
        byte[] json = "{\"MessageNumber\": \"2\", \"MessageTotal\": 3, \"ScriptBlockText\": \"x\"}".getBytes(StandardCharsets.UTF_8);
        byte[] single = "{\"MessageNumber\": 1, \"MessageTotal\": 1, \"ScriptBlockText\": \"x\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(InteractiveSessionBytes.mayConcern(xml, 0, xml.length)).isTrue();
        assertThat(InteractiveSessionBytes.mayConcern(json, 0, json.length)).isTrue();
        assertThat(InteractiveSessionBytes.mayConcern(single, 0, single.length)).isFalse();
    }
}
