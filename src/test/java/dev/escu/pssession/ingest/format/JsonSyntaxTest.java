package dev.escu.pssession.ingest.format;

import static dev.escu.pssession.ingest.format.CollectingSink.parse;
import static dev.escu.pssession.ingest.format.CollectingSink.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;


/**
 * The early reject's syntax check must agree with Jackson, which reads the lines that could match:
 * a line that cannot match is rejected exactly when the same line, read through, would be.
 */
class JsonSyntaxTest {

    private final JsonSyntax syntax = new JsonSyntax(ParseLimits.DEFAULT.maxDepth());
    private final NdjsonEventFormat readThrough = new NdjsonEventFormat(ParseLimits.DEFAULT);
    private final EventFormat early = new Prefiltered(new NdjsonEventFormat(ParseLimits.DEFAULT),
            dev.escu.pssession.support.TestDetections.seed().prefilter());

    @ParameterizedTest
    @ValueSource(strings = {
        "{}", " { } ", "{\"a\":\"b\"}", "{\"a\" : 1, \"b\": -0.5e+3, \"c\": true, \"d\": false, \"e\": null}",
        "{\"a\": [1, [2, {}], \"x\"], \"b\": {\"c\": {\"d\": []}}}", "{\"a\": \"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9\"}",
        "{\"a\": \"caf\u00e9 \u20ac \ud83d\ude00\"}", "{\"a\": \"raw\u0001control\u001fcharacters\"}", "{\"a\": 0}\r",
        "\t{\"a\": 10.25E-2}\t", "\uFEFF{\"a\": 1}"})
    void acceptsWellFormedObjects(String line) {
        assertThat(check(line)).isNull();
        assertThat(parse(readThrough, line).rejected).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{bad}", "{\"a\": }", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":1", "{\"a\":\"x}", "{'a': 1}", "{\"a\": 01}",
        "{\"a\": 1.}", "{\"a\": .5}", "{\"a\": 1e}", "{\"a\": +1}", "{\"a\": -}", "{\"a\": truex}", "{\"a\": nul}",
        "{\"a\": NaN}", "{\"a\": \"\\x\"}", "{\"a\": \"\\u12G4\"}", "{\"a\": [1 2]}", "{\"a\": [1,]}", "{\"a\":1}}",
        "{\"a\":1} {\"b\":2}", "{\"a\":1} x", "[1]", "\"text\"", "42", "not json", "{\"a\":1}\u0001", "{\u0001}",
        "{\"a\": 1a}", "{\"a\": [}", "{\"a\": {\"b\": 1]}", "{,}", "{\"a\":1,,\"b\":2}", " \uFEFF{\"a\": 1}",
        "\uFEFF\uFEFF{\"a\": 1}", "{\"a\": 1}\uFEFF"})
    void rejectsWhatJacksonRejects(String line) {
        assertThat(check(line)).isNotNull();
        assertThat(parse(readThrough, line).rejected).as("Jackson").hasSize(1);
        assertThat(parse(early, line).rejected).as("the early reject").hasSize(1);
    }

    @Test
    void rejectsInvalidUtf8InsideAString() {
        byte[] line = "{\"a\": \"\u00ff\u00fe\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(syntax.check(line, 0, line.length)).contains("UTF-8");
        byte[] truncated = {'{', '"', 'a', '"', ':', '"', (byte) 0xE2, (byte) 0x82, '"', '}'};
        assertThat(syntax.check(truncated, 0, truncated.length)).contains("UTF-8");
    }

    @Test
    void refusesNestingDeeperThanTheLimitAsJacksonDoes() {
        int depth = ParseLimits.DEFAULT.maxDepth();
        String deepest = "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
        String tooDeep = "{\"a\":".repeat(depth) + "{}" + "}".repeat(depth);
        assertThat(check(deepest)).isNull();
        assertThat(parse(readThrough, deepest).rejected).isEmpty();
        assertThat(check(tooDeep)).contains("nesting deeper than " + depth);
        assertThat(parse(readThrough, tooDeep).rejected).hasSize(1);
        String hostile = "[".repeat(100_000); // no stack overflow: the check stops at the limit
        assertThat(check("{\"a\":" + hostile)).contains("nesting deeper");
    }

    @Test
    void aMalformedLineIsRejectedWhetherOrNotItCouldMatch() {
        String body = "{\"ScriptBlockText\": \"Get-Date\", }\n"
                + "{\"ScriptBlockText\": \"Enter-PSSession -ComputerName a\", }\n"
                + "{\"ScriptBlockText\": \"Get-Date\"}\n";
        CollectingSink sink = parse(early, body);
        assertThat(sink.rejected).extracting(CollectingSink.Rejected::index).containsExactly(0, 1);
        assertThat(sink.rejected).allSatisfy(r -> assertThat(r.reason()).startsWith("Malformed JSON: "));
        assertThat(sink.skipped).containsExactly(2);
    }

    /** Every sample line and thousands of byte-level mutations of it: both readers agree on each. */
    @Test
    void agreesWithJacksonOnMutatedSampleLines() {
        SplittableRandom random = new SplittableRandom(4104);
        byte[] tokens = "{}[]\",:\\ 0123456789.eE+-tfnulx\u00e9".getBytes(StandardCharsets.UTF_8);
        List<byte[]> lines = new ArrayList<>();
        for (String line : new String(resource("samples/powershell-4104.ndjson"), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        int disagreements = 0;
        int rejected = 0;
        int checked = 0;
        List<String> examples = new ArrayList<>();
        for (byte[] original : lines) {
            for (int round = 0; round < 3000; round++) {
                byte[] line = mutate(original, random, tokens);
                boolean jackson = parse(readThrough, line).rejected.isEmpty();
                boolean ours = syntax.check(line, 0, line.length) == null;
                checked++;
                rejected += jackson ? 0 : 1;
                if (jackson != ours) {
                    disagreements++;
                    if (examples.size() < 5) {
                        examples.add((jackson ? "Jackson accepts: " : "Jackson rejects: ")
                                + new String(line, StandardCharsets.UTF_8));
                    }
                }
            }
        }
        // both answers must be common for the agreement to mean anything (about 40 % are rejected)
        assertThat(rejected).isBetween(checked / 4, checked * 3 / 4);
        assertThat(disagreements).as(String.join("\n", examples)).isZero();
    }

    private static byte[] mutate(byte[] line, SplittableRandom random, byte[] tokens) {
        byte[] out = Arrays.copyOf(line, line.length);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && out.length > 1; e++) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(3)) {
                case 0 -> out[at] = tokens[random.nextInt(tokens.length)];
                case 1 -> { // delete one byte
                    byte[] shorter = new byte[out.length - 1];
                    System.arraycopy(out, 0, shorter, 0, at);
                    System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
                    out = shorter;
                }
                default -> { // insert one byte
                    byte[] longer = new byte[out.length + 1];
                    System.arraycopy(out, 0, longer, 0, at);
                    longer[at] = tokens[random.nextInt(tokens.length)];
                    System.arraycopy(out, at, longer, at + 1, out.length - at);
                    out = longer;
                }
            }
        }
        return out;
    }

    private String check(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return syntax.check(bytes, 0, bytes.length);
    }
}
