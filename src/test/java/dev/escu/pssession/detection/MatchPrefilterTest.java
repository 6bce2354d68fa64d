package dev.escu.pssession.detection;

import static dev.escu.pssession.detection.TestEvents.DETECTION;
import static dev.escu.pssession.detection.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The early reject may skip only events that no detection can match. */
class MatchPrefilterTest {

    private static final byte[] JSON_ESCAPE = {'\\', 'u'};
    private final MatchPrefilter prefilter = dev.escu.pssession.support.TestDetections.seed().prefilter();

    private boolean mayMatch(String raw) {
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        return prefilter.mayMatch(bytes, 0, bytes.length, JSON_ESCAPE);
    }

    @Test
    void letsThroughBytesHoldingEveryTermInAnyCase() {
        assertThat(mayMatch("{\"ScriptBlockText\": \"ENTER-pssession -computerNAME x\"}")).isTrue();
        assertThat(mayMatch("-ComputerName first, then enter-PSSession")).isTrue();
    }

    @Test
    void skipsBytesMissingATerm() {
        assertThat(mayMatch("{\"ScriptBlockText\": \"Get-ChildItem C:\\\\Temp\"}")).isFalse();
        assertThat(mayMatch("Enter-PSSession -Session $s")).isFalse();
        assertThat(mayMatch("etsn -Cn SQL02")).isFalse();
        assertThat(mayMatch("")).isFalse();
    }

    @Test
    void readsInFullWhatAnEscapeCouldSpell() {
        assertThat(mayMatch("{\"ScriptBlockText\": \"\\u0045nter-PSSession -ComputerName x\"}")).isTrue();
        byte[] xml = "<Data>&#x45;nter-PSSession -ComputerName x</Data>".getBytes(StandardCharsets.UTF_8);
        assertThat(prefilter.mayMatch(xml, 0, xml.length, new byte[] {'&', '#'})).isTrue();
    }

    @Test
    void looksOnlyInsideTheGivenRange() {
        byte[] bytes = "Enter-PSSession -ComputerName|unrelated".getBytes(StandardCharsets.UTF_8);
        assertThat(prefilter.mayMatch(bytes, 0, 29, JSON_ESCAPE)).isTrue();
        assertThat(prefilter.mayMatch(bytes, 30, bytes.length - 30, JSON_ESCAPE)).isFalse();
        assertThat(prefilter.mayMatch(bytes, 0, 28, JSON_ESCAPE)).isFalse();
    }

    @Test
    void neverSkipsAnEventTheMatcherKeeps() {
        String[] pieces = {"Enter-PSSession", "enter-pssession", "-ComputerName", "-COMPUTERNAME", "Enter-PSSessio", "-Computer",
                "etsn", " ", "\r\n", "x", "ſ", "É", "-", "Name", "Enter", "PSSession", "\u2013ComputerName"};
        Random random = new Random(11);
        int kept = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int p = random.nextInt(6); p >= 0; p--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            boolean matches = DETECTION.search().keeps(event().text(text.toString()).build());
            if (matches) {
                kept++;
                assertThat(mayMatch(text.toString())).as(text.toString()).isTrue();
            }
        }
        assertThat(kept).as("the generator produces matching texts too").isGreaterThan(500);
    }

    @Test
    void readsEverythingWhenADetectionHasNoTerms() {
        byte[] bytes = "anything".getBytes(StandardCharsets.UTF_8);
        assertThat(MatchPrefilter.NONE.mayMatch(bytes, 0, bytes.length, JSON_ESCAPE)).isTrue();
    }
}
