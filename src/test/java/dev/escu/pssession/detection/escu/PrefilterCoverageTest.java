package dev.escu.pssession.detection.escu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.escu.pssession.detection.MatchPrefilter;
import dev.escu.pssession.detection.WindowsEvent;
import dev.escu.pssession.detection.spl.SearchExpression;
import dev.escu.pssession.detection.spl.SearchExpression.FieldComparison;
import dev.escu.pssession.detection.spl.SearchExpression.FieldIn;
import dev.escu.pssession.detection.spl.SearchExpression.Junction;
import dev.escu.pssession.detection.spl.SearchExpression.Operator;
import dev.escu.pssession.detection.spl.SearchMatcher;
import dev.escu.pssession.detection.spl.WildcardValue;

/**
 * The byte prefilter never rejects an event that the matcher keeps: for every detection that
 * compiles (our fixtures, and splunk/security_content when it is at /work/escu), texts are built
 * from the detection's own values (random case, fillers with bytes JSON and XML escape, line
 * breaks), kept when the matcher keeps them, written as an NDJSON line and as an XML event, and
 * must pass. Ordinary script blocks are rejected.
 */
class PrefilterCoverageTest {

    private static final byte[] JSON_MARKER = {'\\', 'u'};
    private static final byte[] XML_MARKER = {'&', '#'};
    private static final String[] FILLERS = {" ", "\r\n", "\t", "x", "é", "\"", "\\", "&", "<", ">", "'", "/", "ſ", "; "};
    private static final Path ESCU = Path.of(System.getProperty("escu.content", "/work/escu"));

    private final Random random = new Random(4104);

    @Test
    void neverRejectsWhatTheFixturesKeep() {
        coverage(new EscuLoader().load(TestContent.folder()));
    }

    @Test
    void neverRejectsWhatSplunksContentKeeps() {
        assumeTrue(Files.isDirectory(ESCU.resolve("detections")), "no security_content checkout at " + ESCU);
        coverage(new EscuLoader().load(ESCU));
    }

    @Test
    void rejectsOrdinaryScriptBlocks() {
        MatchPrefilter prefilter = new EscuLoader().load(TestContent.folder()).prefilter();
        for (String text : List.of("Get-ChildItem C:\\Temp | Select-Object Name", "Write-Output 'hello'", "$x = 1 + 2")) {
            assertThat(prefilter.mayMatch(json(Map.of("ScriptBlockText", text)), 0, json(Map.of("ScriptBlockText", text)).length, JSON_MARKER))
                    .as(text).isFalse();
            // without the event namespace: its http://schemas.microsoft.com holds the "http:" a fixture looks for
            byte[] xml = xml(Map.of("ScriptBlockText", text)).replace(" xmlns='http://schemas.microsoft.com/win/2004/08/events/event'", "")
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(prefilter.mayMatch(xml, 0, xml.length, XML_MARKER)).as(text).isFalse();
        }
    }

    private void coverage(EscuContent content) {
        SearchMatcher matcher = content.matcher();
        MatchPrefilter prefilter = content.prefilter();
        int detectionsWithWitness = 0;
        int checked = 0;
        for (int d = 0; d < content.detections().size(); d++) {
            EscuDetection detection = content.detections().get(d);
            int kept = 0;
            for (int attempt = 0; attempt < 300 && kept < 20; attempt++) {
                Map<String, String> fields = witness(detection.search().where());
                WindowsEvent event = new WindowsEvent(Instant.EPOCH, fields);
                int index = d;
                if (java.util.Arrays.stream(matcher.matching(event)).noneMatch(i -> i == index)) {
                    continue;
                }
                kept++;
                byte[] line = json(fields);
                byte[] xml = xml(fields).getBytes(StandardCharsets.UTF_8);
                assertThat(prefilter.mayMatch(line, 0, line.length, JSON_MARKER)).as("%s as JSON: %s", detection.name(),
                        new String(line, StandardCharsets.UTF_8)).isTrue();
                assertThat(prefilter.mayMatch(xml, 0, xml.length, XML_MARKER)).as("%s as XML: %s", detection.name(),
                        new String(xml, StandardCharsets.UTF_8)).isTrue();
                checked++;
            }
            if (kept > 0) {
                detectionsWithWitness++;
            }
        }
        System.out.printf("prefilter coverage: %d of %d detections matched by generated events, %d events checked%n",
                detectionsWithWitness, content.detections().size(), checked);
        assertThat(detectionsWithWitness).isEqualTo(content.detections().size());
        byte[] ordinary = json(Map.of("ScriptBlockText", "Write-Output 'hello'"));
        assertThat(prefilter.mayMatch(ordinary, 0, ordinary.length, JSON_MARKER)).isFalse();
    }

    // ---------------------------------------------------------------- witnesses

    /** Field values that may satisfy the expression: a random branch of each OR, nothing for NOT. */
    private Map<String, String> witness(SearchExpression where) {
        Map<String, List<WildcardValue>> wanted = new LinkedHashMap<>();
        collect(where, wanted);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("EventCode", "4104");
        fields.put("Path", "C:\\Scripts\\a\\script.ps1"); // no \\u in the line: that would read it in full
        wanted.forEach((field, values) -> fields.put(field, text(values)));
        return fields;
    }

    private void collect(SearchExpression expression, Map<String, List<WildcardValue>> wanted) {
        if (expression instanceof FieldComparison c && !c.negated()) {
            wanted.computeIfAbsent(c.field(), f -> new ArrayList<>()).add(c.value());
        } else if (expression instanceof FieldIn in) {
            wanted.computeIfAbsent(in.field(), f -> new ArrayList<>()).add(in.values().get(random.nextInt(in.values().size())));
        } else if (expression instanceof Junction and && and.operator() == Operator.AND) {
            and.operands().forEach(o -> collect(o, wanted));
        } else if (expression instanceof Junction or) {
            collect(or.operands().get(random.nextInt(or.operands().size())), wanted);
        }
    }

    /** A text matching the values: an exact one is the whole text, anchored pieces go first or last, the rest between fillers. */
    private String text(List<WildcardValue> values) {
        StringBuilder start = new StringBuilder();
        StringBuilder middle = new StringBuilder();
        StringBuilder end = new StringBuilder();
        for (WildcardValue value : values) {
            String v = value.text();
            if (v.indexOf('*') < 0) {
                return cased(v);
            }
            String[] parts = v.split("\\*", -1);
            start.append(cased(parts[0]));
            for (int p = 1; p < parts.length - 1; p++) {
                middle.append(filler()).append(cased(parts[p])).append(filler());
            }
            end.insert(0, cased(parts[parts.length - 1]));
        }
        return start + filler() + middle + filler() + end;
    }

    private String cased(String text) {
        StringBuilder cased = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            cased.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return cased.toString().replace("İ", "i"); // keep to ASCII case changes
    }

    private String filler() {
        StringBuilder filler = new StringBuilder();
        for (int i = random.nextInt(3); i > 0; i--) {
            filler.append(FILLERS[random.nextInt(FILLERS.length)]);
        }
        return filler.toString();
    }

    // ---------------------------------------------------------------- encodings

    private byte[] json(Map<String, String> fields) {
        StringBuilder line = new StringBuilder("{");
        fields.forEach((name, value) -> {
            if (line.length() > 1) {
                line.append(',');
            }
            line.append('"').append(name).append("\":\"");
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '"' -> line.append("\\\"");
                    case '\\' -> line.append("\\\\");
                    case '\n' -> line.append("\\n");
                    case '\r' -> line.append("\\r");
                    case '\t' -> line.append("\\t");
                    case '/' -> line.append(random.nextBoolean() ? "\\/" : "/");
                    default -> {
                        if (c < 0x20) {
                            line.append(String.format("\\u%04x", (int) c));
                        } else {
                            line.append(c);
                        }
                    }
                }
            }
            line.append('"');
        });
        return line.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private String xml(Map<String, String> fields) {
        StringBuilder xml = new StringBuilder("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
                + "<EventID>4104</EventID><Channel>Microsoft-Windows-PowerShell/Operational</Channel></System><EventData>");
        fields.forEach((name, value) -> {
            xml.append("<Data Name='").append(name).append("'>");
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '&' -> xml.append("&amp;");
                    case '<' -> xml.append("&lt;");
                    case '>' -> xml.append(random.nextBoolean() ? "&gt;" : ">");
                    case '\'' -> xml.append(random.nextBoolean() ? "&apos;" : "'");
                    case '"' -> xml.append(random.nextBoolean() ? "&quot;" : "\"");
                    default -> xml.append(c);
                }
            }
            xml.append("</Data>");
        });
        return xml.append("</EventData></Event>").toString();
    }
}
