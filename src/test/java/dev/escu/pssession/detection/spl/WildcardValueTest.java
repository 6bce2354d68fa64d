package dev.escu.pssession.detection.spl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Splunk's * wildcard: any run of characters, none and line breaks included; values ignore case. */
class WildcardValueTest {

    private static boolean matches(String pattern, String value) {
        return new WildcardValue(pattern).matches(value);
    }

    @Test
    void containsAPieceAnywhereInAnyCase() {
        assertThat(matches("*Enter-PSSession*", "x ENTER-pssession y")).isTrue();
        assertThat(matches("*Enter-PSSession*", "Enter-PSSessio")).isFalse();
    }

    @Test
    void prefixOnlyAnchorsAtTheStart() {
        assertThat(matches("Get-*", "get-childitem")).isTrue();
        assertThat(matches("Get-*", " Get-ChildItem")).isFalse();
    }

    @Test
    void suffixOnlyAnchorsAtTheEnd() {
        assertThat(matches("*.ps1", "C:\\x\\RUN.PS1")).isTrue();
        assertThat(matches("*.ps1", "run.ps1 ")).isFalse();
    }

    @Test
    void withoutWildcardTheWholeValueEquals() {
        assertThat(matches("Get-GPPPassword", "get-gpppassword")).isTrue();
        assertThat(matches("Get-GPPPassword", "Get-GPPPassword -x")).isFalse();
    }

    @Test
    void innerWildcardsNeedThePiecesInOrder() {
        assertThat(matches("*a*b*", "xxAyyBzz")).isTrue();
        assertThat(matches("*a*b*", "xxByyAzz")).isFalse();
        assertThat(matches("a*b", "ab")).isTrue();
        assertThat(matches("ab*ba", "aba")).isFalse(); // prefix and suffix may not overlap
        assertThat(matches("ab*ba", "abba")).isTrue();
    }

    @Test
    void wildcardsMatchLineBreaks() {
        assertThat(matches("*New-Object*Net.WebClient*", "New-Object\r\n  Net.WebClient")).isTrue();
    }

    @Test
    void aloneItMatchesAnyPresentValue() {
        assertThat(matches("*", "anything")).isTrue();
        assertThat(new WildcardValue("**").shape()).isEqualTo(WildcardValue.Shape.ANY);
    }

    @Test
    void foldsOnlyAsciiLetters() {
        assertThat(matches("*straße*", "STRAßE")).isTrue();
        assertThat(matches("*É*", "é")).isFalse();
        assertThat(matches("*s*", "ſ")).isFalse();
    }

    @Test
    void tellsItsShape() {
        assertThat(new WildcardValue("x").shape()).isEqualTo(WildcardValue.Shape.EXACT);
        assertThat(new WildcardValue("*x*").shape()).isEqualTo(WildcardValue.Shape.CONTAINS);
        assertThat(new WildcardValue("x*").shape()).isEqualTo(WildcardValue.Shape.ORDERED);
        assertThat(new WildcardValue("*x*y*").pieces()).containsExactly("x", "y");
    }
}
