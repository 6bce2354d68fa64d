package dev.escu.pssession.tuning;

import static org.assertj.core.api.Assertions.assertThat;

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
}
