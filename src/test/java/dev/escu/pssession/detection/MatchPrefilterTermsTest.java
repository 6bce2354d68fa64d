package dev.escu.pssession.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.escu.pssession.detection.MatchPrefilter.Terms;

/** Formulas per detection: AND needs all, OR any, NOT nothing; terms survive the body's encoding; no cap on terms. */
class MatchPrefilterTermsTest {

    private static final byte[] JSON = {'\\', 'u'};
    private static final byte[] XML = {'&', '#'};

    private static boolean mayMatch(MatchPrefilter prefilter, String raw, byte[] marker) {
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        return prefilter.mayMatch(bytes, 0, bytes.length, marker);
    }

    @Test
    void orNeedsAnyAlternative() {
        MatchPrefilter prefilter = MatchPrefilter.of(List.of(Terms.allOf(List.of(Terms.literal("ShadowCopy"),
                Terms.anyOf(List.of(Terms.literal("Delete"), Terms.literal("Remove")))))));
        assertThat(mayMatch(prefilter, "Get-WmiObject Win32_ShadowCopy | Remove-WmiObject", JSON)).isTrue();
        assertThat(mayMatch(prefilter, "Get-WmiObject Win32_ShadowCopy", JSON)).isFalse();
        assertThat(mayMatch(prefilter, "Remove-Item x", JSON)).isFalse();
    }

    @Test
    void notNeedsNothing() {
        MatchPrefilter prefilter = MatchPrefilter.of(List.of(Terms.allOf(List.of(Terms.literal("Cryptography"), Terms.ANY_EVENT))));
        assertThat(mayMatch(prefilter, "System.Security.Cryptography.MD5", JSON)).isTrue();
        assertThat(mayMatch(prefilter, "nothing", JSON)).isFalse();
        assertThat(MatchPrefilter.of(List.of(Terms.ANY_EVENT)).mayMatch(new byte[0], 0, 0, JSON)).isTrue();
    }

    @Test
    void cutsTermsAtBytesTheEncodingMayEscape() {
        MatchPrefilter prefilter = MatchPrefilter.of(List.of(Terms.literal("System32\\config\\SAM")));
        assertThat(mayMatch(prefilter, "{\"ScriptBlockText\":\"copy C:\\\\Windows\\\\System32\\\\config\\\\SAM x\"}", JSON)).isTrue();
        assertThat(mayMatch(prefilter, "<Data>copy System32\\config\\SAM</Data>", XML)).isTrue();
        assertThat(mayMatch(prefilter, "{\"ScriptBlockText\":\"copy System32 SAM\"}", JSON)).isFalse();

        MatchPrefilter quoted = MatchPrefilter.of(List.of(Terms.literal("DownloadString(\"http://")));
        assertThat(mayMatch(quoted, "{\"t\":\"(New-Object Net.WebClient).DownloadString(\\\"http:\\/\\/evil\\\")\"}", JSON)).isTrue();
        assertThat(mayMatch(quoted, "<Data>.DownloadString(&quot;http://evil&quot;)</Data>", XML)).isTrue();

        MatchPrefilter angle = MatchPrefilter.of(List.of(Terms.literal("<script>")));
        assertThat(mayMatch(angle, "<Data>&lt;script&gt;</Data>", XML)).isTrue();
    }

    @Test
    void piecesShorterThanTwoBytesCountAsPresent() {
        assertThat(MatchPrefilter.encodingSafePieces("a\\b\"c")).isEmpty();
        MatchPrefilter prefilter = MatchPrefilter.of(List.of(Terms.literal("x"), Terms.literal("Invoke-Mimikatz")));
        assertThat(mayMatch(prefilter, "anything at all", JSON)).isTrue();
    }

    /**
     * A native rule's test that says no to everything but promises the word "pssession": a test that
     * breaks its word, to show who decides.
     */
    private static final MatchPrefilter.ByteTest PROMISES_PSSESSION = new MatchPrefilter.ByteTest() {
        @Override
        public boolean mayMatch(byte[] bytes, int offset, int length) {
            return false;
        }

        @Override
        public List<String> lettingThrough() {
            return List.of("pssession");
        }
    };

    @Test
    void aNativeRulesNoIsFinalWhenEveryFormulaNeedsAWordItLetsThrough() {
        String seedLike = "{\"t\":\"Enter-PSSession -ComputerName srv01\"}";
        MatchPrefilter covered = MatchPrefilter.of(List.of(Terms.allOf(List.of(Terms.literal("Enter-PSSession"),
                Terms.literal("-ComputerName")))), PROMISES_PSSESSION);
        assertThat(mayMatch(covered, seedLike, JSON)).as("the terms are not looked for").isFalse();

        MatchPrefilter anyOfCovered = MatchPrefilter.of(List.of(Terms.anyOf(List.of(Terms.literal("Enter-PSSession"),
                Terms.literal("New-PSSession")))), PROMISES_PSSESSION);
        assertThat(mayMatch(anyOfCovered, seedLike, JSON)).isFalse();
    }

    @Test
    void termsAreStillLookedForWhereAFormulaCanHoldWithoutTheWords() {
        String seedLike = "{\"t\":\"Enter-PSSession -ComputerName srv01 | Invoke-WebRequest\"}";
        MatchPrefilter otherDetection = MatchPrefilter.of(List.of(Terms.literal("Enter-PSSession"),
                Terms.literal("Invoke-WebRequest")), PROMISES_PSSESSION);
        assertThat(mayMatch(otherDetection, seedLike, JSON)).isTrue();

        MatchPrefilter oneBranchFree = MatchPrefilter.of(List.of(Terms.anyOf(List.of(Terms.literal("Enter-PSSession"),
                Terms.literal("-ComputerName")))), PROMISES_PSSESSION);
        assertThat(mayMatch(oneBranchFree, seedLike, JSON)).isTrue();

        MatchPrefilter promisesNothing = MatchPrefilter.of(List.of(Terms.literal("Enter-PSSession")), (b, o, l) -> false);
        assertThat(mayMatch(promisesNothing, seedLike, JSON)).isTrue();
    }

    @Test
    void readsInFullWhatAnEscapeCouldSpell() {
        MatchPrefilter prefilter = MatchPrefilter.of(List.of(Terms.literal("Invoke-Mimikatz")));
        assertThat(mayMatch(prefilter, "{\"t\":\"\\u0049nvoke-Mimikatz\"}", JSON)).isTrue();
        assertThat(mayMatch(prefilter, "<Data>&#x49;nvoke-Mimikatz</Data>", XML)).isTrue();
    }

    @Test
    void hasNoCapOnTerms() {
        List<Terms> detections = new ArrayList<>();
        for (int d = 0; d < 300; d++) {
            detections.add(Terms.allOf(List.of(Terms.literal("Cmdlet-" + d + "-Verb"), Terms.literal("-Param" + d))));
        }
        MatchPrefilter prefilter = MatchPrefilter.of(detections);
        assertThat(prefilter.scansWithAutomaton()).isTrue();
        assertThat(mayMatch(prefilter, "x cmdlet-257-verb y -PARAM257 z", JSON)).isTrue();
        assertThat(mayMatch(prefilter, "x cmdlet-257-verb y -PARAM258 z", JSON)).isFalse();
        assertThat(mayMatch(prefilter, "x Cmdlet-3-Verb \\u0020", JSON)).isTrue();
        assertThat(mayMatch(prefilter, "x Cmdlet-3-Verb &#32;", XML)).isTrue();
        assertThat(mayMatch(prefilter, "x Cmdlet-3-Verb &#32;", JSON)).isFalse();
        assertThat(mayMatch(prefilter, "x Cmdlet-3-Verb C:\\\\Users", JSON)).as("\\U is no JSON escape").isFalse();
    }

    @Test
    void bothScannersAgreeOnRandomTexts() {
        String[] words = {"Enter-PSSession", "-ComputerName", "Invoke-Command", "-ScriptBlock", "IEX", "iex", "Net.WebClient",
                "DownloadString", " ", "\r\n", "x", "-", "é", "\\u00", "&#", "Enter", "Command"};
        List<Terms> few = List.of(Terms.allOf(List.of(Terms.literal("Enter-PSSession"), Terms.literal("-ComputerName"))),
                Terms.allOf(List.of(Terms.literal("Invoke-Command"), Terms.literal("-ScriptBlock"))));
        List<Terms> many = new ArrayList<>(few);
        for (int d = 0; d < 40; d++) {
            many.add(Terms.literal("Unrelated" + d + "Term"));
        }
        MatchPrefilter small = MatchPrefilter.of(few);
        MatchPrefilter large = MatchPrefilter.of(many);
        assertThat(small.scansWithAutomaton()).isFalse();
        assertThat(large.scansWithAutomaton()).isTrue();
        java.util.Random random = new java.util.Random(4104);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            // up to 60 words: long texts are read as two halves at once
            for (int w = random.nextInt(i % 2 == 0 ? 8 : 60); w >= 0; w--) {
                text.append(words[random.nextInt(words.length)]);
            }
            for (byte[] marker : List.of(JSON, XML)) {
                assertThat(mayMatch(large, text.toString(), marker)).as(text.toString()).isEqualTo(mayMatch(small, text.toString(), marker));
            }
        }
    }

    @Test
    void nestedFormulasLetThroughExactlyTheTextsHoldingTheirTerms() {
        String[] vocabulary = {"alpha", "Bravo", "charlie", "DELTA", "echo-x", "foxtrot", "golf", "hotel"};
        java.util.Random random = new java.util.Random(1021);
        for (int round = 0; round < 200; round++) {
            List<Terms> detections = new ArrayList<>();
            for (int d = random.nextInt(3); d >= 0; d--) {
                detections.add(randomFormula(random, vocabulary, 3));
            }
            List<Terms> many = new ArrayList<>(detections);
            for (int d = 0; d < 30; d++) {
                many.add(Terms.literal("Unrelated" + d + "Term"));
            }
            for (MatchPrefilter prefilter : List.of(MatchPrefilter.of(detections), MatchPrefilter.of(many))) {
                for (int i = 0; i < 100; i++) {
                    StringBuilder text = new StringBuilder();
                    for (int w = random.nextInt(6); w >= 0; w--) {
                        text.append(vocabulary[random.nextInt(vocabulary.length)].toUpperCase()).append(' ');
                        // filler now and then, so that long texts (read as two halves) come too
                        text.append(random.nextInt(4) == 0 ? "filler text of no interest ".repeat(random.nextInt(6)) : "");
                    }
                    String lower = text.toString().toLowerCase();
                    boolean expected = detections.stream().anyMatch(f -> holds(f, lower));
                    // the same text twice: a second event on the same thread starts from nothing
                    assertThat(mayMatch(prefilter, text.toString(), JSON)).as("%s in %s", detections, text).isEqualTo(expected);
                    assertThat(mayMatch(prefilter, text.toString(), JSON)).as("%s in %s", detections, text).isEqualTo(expected);
                }
            }
        }
    }

    private static Terms randomFormula(java.util.Random random, String[] vocabulary, int depth) {
        if (depth == 0 || random.nextInt(3) == 0) {
            return Terms.literal(vocabulary[random.nextInt(vocabulary.length)]);
        }
        List<Terms> operands = new ArrayList<>();
        for (int i = random.nextInt(3); i >= 0; i--) {
            operands.add(randomFormula(random, vocabulary, depth - 1));
        }
        return random.nextBoolean() ? Terms.allOf(operands) : Terms.anyOf(operands);
    }

    /** The formula evaluated directly on the lowercased text. */
    private static boolean holds(Terms terms, String lower) {
        if (terms instanceof Terms.Literal literal) {
            return lower.contains(literal.text().toLowerCase());
        }
        if (terms instanceof Terms.AllOf all) {
            return all.terms().stream().allMatch(t -> holds(t, lower));
        }
        if (terms instanceof Terms.AnyOf any) {
            return any.terms().stream().anyMatch(t -> holds(t, lower));
        }
        return true;
    }
}
