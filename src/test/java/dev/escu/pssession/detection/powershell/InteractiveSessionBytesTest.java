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
            "\"MessageTotal\": ", "'>", "1", "2", "3", "Message", "Total", "\u00e9", "\"total\":", "TOT", "To"};
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

    /** Long events: the answer is that of the plain scanner, wherever the bytes read start and end. */
    @Test
    void longRandomBytesGetThePlainScannersAnswer() {
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

    /**
     * The scan jumps over bytes no match can lie in: a match (or an escape able to spell a letter) put
     * anywhere in filler such jumps pass over, or at either end of the bytes read, is still found, and
     * bytes outside [offset, offset + length) are never read.
     */
    @Test
    void jumpingOverFillerNeverPassesOverAMatch() {
        String[] found = {"ETSN", "etsn", "PSSESSION", "E`T\"S'N", "E\\\"TSN", "E&quot;TS&apos;N", "P&amp;SSESSION",
            "ET\u017fN", "\\u0045", "`u{45}", "&#x45;", "MessageTotal\": \"2", "'MessageTotal'>3"};
        String[] missed = {"ETS", "ETxSN", "ET SN", "E-TSN", "PSSESSIO", "MessageTotal\": \"1", "\\r\\n", "&lt;", "`x"};
        String filler = "Get-ChildItem -Path $env:TEMP | Where-Object { $_.Length -gt 1kb } ";
        for (int at = 0; at <= 40; at++) {
            for (String text : found) {
                assertThat(embedded(filler, at, text)).as("%s at %d", text, at).isTrue();
            }
            for (String text : missed) {
                assertThat(embedded(filler, at, text)).as("%s at %d", text, at).isFalse();
            }
        }
    }

    /** The filler's first {@code at} bytes, the text, then filler: read alone, and as the end of the bytes read. */
    private static boolean embedded(String filler, int at, String text) {
        byte[] before = filler.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] middle = text.getBytes(StandardCharsets.UTF_8);
        byte[] after = (filler + filler).getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[2 + before.length + middle.length + after.length];
        bytes[0] = 'E'; // outside the bytes read: must not count
        System.arraycopy(before, 0, bytes, 1, before.length);
        System.arraycopy(middle, 0, bytes, 1 + before.length, middle.length);
        System.arraycopy(after, 0, bytes, 1 + before.length + middle.length, after.length);
        int whole = InteractiveSessionBytes.mayConcern(bytes, 1, bytes.length - 1) ? 1 : 0;
        int endingThere = InteractiveSessionBytes.mayConcern(bytes, 1, before.length + middle.length) ? 1 : 0;
        int startingThere = InteractiveSessionBytes.mayConcern(bytes, 1 + before.length, middle.length + after.length) ? 1 : 0;
        assertThat(endingThere).as("%s at %d, ending the bytes read", text, at).isEqualTo(whole);
        assertThat(startingThere).as("%s at %d, starting the bytes read", text, at).isEqualTo(whole);
        return whole == 1;
    }

    /** Random pieces in random filler made mostly of bytes the scan jumps over: the same answer as reading every byte. */
    @Test
    void jumpingAgreesWithThePlainScannerOnMostlyFillerBytes() {
        String[] pieces = {"ETSN", "PSSESSION", "MessageTotal\": \"2", "Enter-PSSession", "E", "T", "S", "N", "P", "e", "s",
            "n", "'", "\"", "`", "\\", "&", "&quot;", "&amp;", "&lt;", "&#x45;", "`u{", "\\u", "\\r\\n", "\u017f", "\u2018",
            "\u00e9", ";", "#", "u", "q", "o", "t", "l", "Message", "Total", "1", "3"};
        String filler = " -xyz(){}[]$_|.,:=/0123456789bcdfhjkrvwBCDFHJKRVW\t\r\n";
        Random random = new Random(41);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int p = 5 + random.nextInt(40); p >= 0; p--) {
                if (random.nextInt(4) == 0) {
                    text.append(pieces[random.nextInt(pieces.length)]);
                } else {
                    for (int f = random.nextInt(12); f >= 0; f--) {
                        text.append(filler.charAt(random.nextInt(filler.length())));
                    }
                }
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            int from = random.nextInt(Math.min(8, bytes.length));
            int to = random.nextInt(2) == 0 ? from + random.nextInt(bytes.length - from + 1) : bytes.length;
            assertThat(InteractiveSessionBytes.mayConcern(bytes, from, to - from)).as("%s [%d, %d)", text, from, to)
                    .isEqualTo(ReferenceSessionBytes.mayConcern(bytes, from, to - from));
        }
    }

    /** Malformed multi-byte sequences (which never swallow the byte after them): the plain scanner's answer. */
    @Test
    void malformedMultiByteSequencesGetThePlainScannersAnswer() {
        Random random = new Random(43);
        byte[] alphabet = "ETSNPIOMAGLetsnpx \"'`\\&;#u{-".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 100_000; i++) {
            byte[] bytes = new byte[4 + random.nextInt(60)];
            for (int k = 0; k < bytes.length; k++) {
                bytes[k] = random.nextInt(8) == 0 ? (byte) (0x80 + random.nextInt(128)) : alphabet[random.nextInt(alphabet.length)];
            }
            assertThat(InteractiveSessionBytes.mayConcern(bytes, 0, bytes.length)).as(java.util.Arrays.toString(bytes))
                    .isEqualTo(ReferenceSessionBytes.mayConcern(bytes, 0, bytes.length));
        }
    }

    /**
     * The promise the prefilter relies on (ALWAYS_CONCERNED): a word of it, in any case, anywhere in any
     * bytes, and either format's letter escape, always make the answer true, whatever stands around it.
     */
    @Test
    void alwaysConcernedWordsAndLetterEscapesPassWhereverTheyStand() {
        String[] planted = {"pssession", "PSSession", "eTsN", "ETSN", "\\u0041", "&#x41;", "&#65;"};
        String alphabet = "ETSNPIOMAGLetsnpx \"'`\\&;#u{-\u00e9\u017f\u2018";
        Random random = new Random(53);
        for (int i = 0; i < 100_000; i++) {
            String before = upTo40(alphabet, random);
            String text = before + planted[random.nextInt(planted.length)] + upTo40(alphabet, random);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            assertThat(InteractiveSessionBytes.mayConcern(bytes, 0, bytes.length))
                    .as("%s, planted at %d", text, before.length()).isTrue();
        }
        for (String word : InteractiveSessionBytes.ALWAYS_CONCERNED) {
            assertThat(word).isLowerCase();
            assertThat(asJson("x" + word + "y")).isTrue();
            assertThat(asXml("x" + word.toUpperCase() + "y")).isTrue();
        }
    }

    private static String upTo40(String alphabet, Random random) {
        StringBuilder text = new StringBuilder();
        for (int k = random.nextInt(40); k > 0; k--) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
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

    /**
     * The Elastic Agent's powershell_operational pipeline moves MessageTotal to {@code powershell.total}
     * (and drops it from winlog.event_data), so its documents name the count only as {@code "total"}:
     * a part that does not name the cmdlet itself must still be read, or its block never completes.
     */
    @Test
    void passesEveryPartOfASplitBlockInTheElasticAgentsShape() {
        byte[] part = ("{\"@timestamp\":\"2026-03-02T08:14:52.417Z\",\"powershell\":{\"file\":{\"script_block_id\":\"a1\","
                + "\"script_block_text\":\"ssion -ComputerName srv01\"},\"sequence\":2,\"total\":2},"
                + "\"winlog\":{\"channel\":\"Microsoft-Windows-PowerShell/Operational\",\"event_id\":\"4104\"}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] single = ("{\"powershell\":{\"file\":{\"script_block_text\":\"x\"},\"sequence\":1,\"total\":1}}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(InteractiveSessionBytes.mayConcern(part, 0, part.length)).isTrue();
        assertThat(ReferenceSessionBytes.mayConcern(part, 0, part.length)).isTrue();
        assertThat(InteractiveSessionBytes.mayConcern(single, 0, single.length)).isFalse();
    }

    /** The words are found wherever they overlap a false start ("TOTOTAL"), as the plain scanner finds them. */
    @Test
    void findsTheCountAfterAFalseStartThatOverlapsIt() {
        byte[] bytes = "{\"x\": \"TOTOTAL\": 2}".getBytes(StandardCharsets.UTF_8);
        assertThat(InteractiveSessionBytes.mayConcern(bytes, 0, bytes.length)).isTrue();
        assertThat(ReferenceSessionBytes.mayConcern(bytes, 0, bytes.length)).isTrue();
    }
}
