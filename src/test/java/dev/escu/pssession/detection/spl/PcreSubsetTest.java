package dev.escu.pssession.detection.spl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** regex patterns are taken only when PCRE and java.util.regex read them alike. */
class PcreSubsetTest {

    @Test
    void acceptsTheSharedConstructs() {
        for (String pattern : new String[] {"https?:\\/\\/(?:www\\.)?[-a-zA-Z0-9@:%._\\+~#=]{1,256}\\.[a-zA-Z0-9()]{1,6}",
                "^Get-\\w+$", "(?<url>https?://\\S+)", "a{2,}?b*+c", "[^\\d\\s]+", "(foo|bar)(?=baz)(?!qux)", "\\.ps1$"}) {
            assertThat(PcreSubset.problem(pattern)).as(pattern).isEmpty();
        }
    }

    @Test
    void refusesWhatJavaReadsDifferently() {
        assertThat(PcreSubset.problem("\\bword\\b")).hasValueSatisfying(p -> assertThat(p).contains("\\b"));
        assertThat(PcreSubset.problem("(?i)foo")).hasValueSatisfying(p -> assertThat(p).contains("(?i)"));
        assertThat(PcreSubset.problem("(?<=a)b")).isPresent();
        assertThat(PcreSubset.problem("(a)\\1")).isPresent();
        assertThat(PcreSubset.problem("[a[b]]")).isPresent();
        assertThat(PcreSubset.problem("[a&&b]")).isPresent();
        assertThat(PcreSubset.problem("[\\w-.]")).isPresent();
        assertThat(PcreSubset.problem("a{,3}")).isPresent();
        assertThat(PcreSubset.problem("x{")).isPresent();
        assertThat(PcreSubset.problem("\\x41")).isPresent();
        assertThat(PcreSubset.problem("\\p{L}")).isPresent();
        assertThat(PcreSubset.problem("é")).isPresent();
        assertThat(PcreSubset.problem("(?<my_name>x)")).isPresent();
    }

    @Test
    void endsLinesOnlyAtLineFeeds() {
        assertThat(PcreSubset.compile("^a.b$").matcher("a\rb").find()).isTrue(); // PCRE: '.' takes \r, $ only before \n
        assertThat(PcreSubset.compile("a$").matcher("a\n").find()).isTrue();
        assertThat(PcreSubset.compile("a$").matcher("a\r\n").find()).isFalse();
    }
}
