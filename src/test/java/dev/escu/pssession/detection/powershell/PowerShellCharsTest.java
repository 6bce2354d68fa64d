package dev.escu.pssession.detection.powershell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The character classes, as PowerShell's CharTraits defines them. */
class PowerShellCharsTest {

    @Test
    void foldsEveryCharacterAsItsSimpleUpperCase() {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            assertThat(PowerShellChars.fold(c)).isEqualTo(Character.toUpperCase(c));
        }
    }

    @Test
    void knowsTheDashesQuotesAndLineBreaksOfPowerShell() {
        assertThat("-\u2013\u2014\u2015".chars().allMatch(c -> PowerShellChars.isDash((char) c))).isTrue();
        assertThat("\u2010\u2011\u2012\u2212\ufe63\uff0d".chars().noneMatch(c -> PowerShellChars.isDash((char) c))).isTrue();
        assertThat("'\u2018\u2019\u201a\u201b".chars().allMatch(c -> PowerShellChars.isSingleQuote((char) c))).isTrue();
        assertThat("\"\u201c\u201d\u201e".chars().allMatch(c -> PowerShellChars.isDoubleQuote((char) c))).isTrue();
        assertThat(PowerShellChars.isNewline('\u0085')).isFalse();
        assertThat(PowerShellChars.isWhitespace('\u0085')).isTrue();
        assertThat(PowerShellChars.isWhitespace('\u2028')).isTrue();
        assertThat(PowerShellChars.isWhitespace('\n')).isFalse();
    }

    @Test
    void endsAWordOnlyAtSpacesAndTheCharactersThatForceANewToken() {
        assertThat(" \t&(),;{|}\n\r\u00a0".chars().allMatch(c -> PowerShellChars.endsWord((char) c))).isTrue();
        assertThat("#.:[]=<>'\"$@`-".chars().noneMatch(c -> PowerShellChars.endsWord((char) c))).isTrue();
    }
}
