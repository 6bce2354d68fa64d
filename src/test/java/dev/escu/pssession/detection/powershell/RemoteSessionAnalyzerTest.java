package dev.escu.pssession.detection.powershell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The public face: the pre-filter is a necessary condition, and judgements carry their evidence. */
class RemoteSessionAnalyzerTest {

    @Test
    void judgesASessionBlockWithItsEvidence() {
        Judgement judgement = RemoteSessionAnalyzer.judge("Get-Date\netsn -Cn:'srv01'\n& 'Enter-PSSession' -Session $s");
        assertThat(judgement.verdict()).isEqualTo(Verdict.FLAGGED);
        assertThat(judgement.evidence()).containsExactly(new Evidence("etsn", "ComputerName", "srv01", 9),
                new Evidence("& 'Enter-PSSession'", "Session", null, 26));
        assertThat(judgement.reason()).contains("etsn").contains("srv01").contains("1 more");
    }

    @Test
    void judgesNullAndEmptyTextAsNotFlagged() {
        assertThat(RemoteSessionAnalyzer.judge(null).verdict()).isEqualTo(Verdict.NOT_FLAGGED);
        assertThat(RemoteSessionAnalyzer.judge("").verdict()).isEqualTo(Verdict.NOT_FLAGGED);
        assertThat(RemoteSessionAnalyzer.mayInvoke(null)).isFalse();
    }

    @Test
    void letsEverySpellingThroughThePreFilter() {
        for (String text : new String[] {"etsn x", "ETSN x", "Enter-PSSession x", "PSSESSION", "Enter-PS'Session'", "e't's'n",
            "Enter-PS`Session", "`u{45}tsn", "Enter-PSSe\u017f\u017fion", "E\"\"tsn"}) {
            assertThat(RemoteSessionAnalyzer.mayInvoke(text)).as(text).isTrue();
        }
    }

    @Test
    void stopsTextWithoutAnySpellingAtThePreFilter() {
        for (String text : new String[] {"", "Invoke-Command -ComputerName x", "Enter-PSHostProcess", "Enter-PSSessio", "ets n",
            "New-PSSess ion", "`t`n`r"}) {
            assertThat(RemoteSessionAnalyzer.mayInvoke(text)).as(text).isFalse();
        }
    }

    @Test
    void neverFlagsWhatThePreFilterStopsOverTheCorpus() {
        for (LabelledBlock block : HardenedCorpus.all()) {
            assertPreFilterIsNecessary(block.text());
        }
    }

    @Test
    void neverFlagsWhatThePreFilterStopsOverRandomMutationsOfTheCorpus() {
        List<String> texts = new ArrayList<>(HardenedCorpus.handWritten().stream().map(LabelledBlock::text).toList());
        String alphabet = "EeNnTtRrPpSsIiOo-`'\"$@(){}[];|&.,:#<>\n \t\u2013\u017f\u0131\\uU";
        Random random = new Random(20260417);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder(texts.get(random.nextInt(texts.size())));
            for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
                int at = text.length() == 0 ? 0 : random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> { if (text.length() > 0) text.deleteCharAt(at); }
                    default -> { if (text.length() > 0) text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length()))); }
                }
            }
            assertPreFilterIsNecessary(text.toString());
        }
    }

    @Test
    void neverFlagsWhatThePreFilterStopsOverRandomText() {
        String alphabet = "EeTtSsNnPpIiOoRr-`'\"$@(){};|& \n\u2014";
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertPreFilterIsNecessary(text.toString());
        }
    }

    private static void assertPreFilterIsNecessary(String text) {
        if (!RemoteSessionAnalyzer.mayInvoke(text)) {
            assertThat(RemoteSessionAnalyzer.judgeCode(text).verdict()).as(text).isNotEqualTo(Verdict.FLAGGED);
            assertThat(RemoteSessionAnalyzer.judge(text).verdict()).as(text).isEqualTo(Verdict.NOT_FLAGGED);
        }
    }
}
