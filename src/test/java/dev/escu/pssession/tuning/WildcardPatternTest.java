package dev.escu.pssession.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class WildcardPatternTest {

    @Test
    void matchesAnyRunForEachStar() {
        WildcardPattern p = WildcardPattern.of("S-1-5-21-*-500");
        assertThat(p.matches("S-1-5-21-1-2-3-500")).isTrue();
        assertThat(p.matches("S-1-5-21--500")).isTrue();
        assertThat(p.matches("S-1-5-21-1-2-3-5001")).isFalse();
    }

    @Test
    void takesEveryOtherCharacterLiterally() {
        WildcardPattern p = WildcardPattern.of("a.b+c(d)?[e]");
        assertThat(p.matches("a.b+c(d)?[e]")).isTrue();
        assertThat(p.matches("aXb+c(d)?[e]")).isFalse();
    }

    @Test
    void ignoresCaseAndSpansLines() {
        assertThat(WildcardPattern.of("*enter-pssession*").matches("x\r\nEnter-PSSession\r\ny")).isTrue();
    }

    @Test
    void matchesEverythingWithALoneStarButNotAMissingValue() {
        assertThat(WildcardPattern.of("*").matches("")).isTrue();
        assertThat(WildcardPattern.of("*").matches(null)).isFalse();
    }

    @Test
    void matchesManyStarsOnALongScriptBlockInLinearTime() {
        // A filter on ScriptBlockText (a BY field of many ESCU detections) meets 20,000-character blocks;
        // the search's matcher places each piece leftmost once, where a backtracking regex tries every split.
        WildcardPattern p = WildcardPattern.of("*a*a*a*a*a*a*a*b");
        String block = "a".repeat(20_000);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertThat(p.matches(block)).isFalse();
            assertThat(p.matches(block + "b")).isTrue();
        });
    }
}
