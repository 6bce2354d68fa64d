package dev.escu.pssession.detection.powershell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * A megabyte of nesting, escapes or unterminated text is judged without hanging and without
 * running out of stack. The timeout is only a hang guard, not a speed claim.
 */
class HostileInputTest {

    private static final int MEGABYTE = 1 << 20;
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    private static String repeat(String piece) {
        return piece.repeat(MEGABYTE / piece.length());
    }

    private static Judgement judgeWithin(String text) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> RemoteSessionAnalyzer.judge(text));
    }

    @Test
    void judgesAMegabyteOfNestedBracketsAsUnjudged() {
        for (String opener : new String[] {"{", "(", "@{", "$(", "@(", "[", "\"$(", "& {", "etsn (", "return "}) {
            Judgement judgement = judgeWithin("etsn " + repeat(opener));
            assertThat(judgement.verdict()).as(opener).isIn(Verdict.UNJUDGED, Verdict.FLAGGED, Verdict.NOT_FLAGGED);
        }
        // The text names etsn (in a comment), so the pre-filter lets it through to the reader.
        Judgement deep = judgeWithin("# etsn\nGet-Date " + repeat("{"));
        assertThat(deep.verdict()).isEqualTo(Verdict.UNJUDGED);
        assertThat(deep.reason()).contains("nesting deeper than");
        assertThat(judgeWithin("Get-Date " + repeat("{")).verdict()).isEqualTo(Verdict.NOT_FLAGGED);
    }

    @Test
    void flagsWhatComesBeforeNestingTooDeepToFollow() {
        Judgement judgement = judgeWithin("etsn srv01\n" + repeat("("));
        assertThat(judgement.verdict()).isEqualTo(Verdict.FLAGGED);
        assertThat(judgement.reason()).contains("read up to offset");
    }

    @Test
    void judgesAMegabyteOfBalancedShallowNestingToTheEnd() {
        Judgement judgement = judgeWithin(repeat("{ ( @{ a = $(1) } ) } ") + "\netsn srv01");
        assertThat(judgement.verdict()).isEqualTo(Verdict.FLAGGED);
    }

    @Test
    void judgesAMegabyteOfBackticks() {
        assertThat(judgeWithin(repeat("`")).verdict()).isEqualTo(Verdict.NOT_FLAGGED);
        assertThat(judgeWithin("etsn " + repeat("`")).verdict()).isNotNull();
        assertThat(judgeWithin("etsn " + repeat("`\n")).verdict()).isNotNull();
        assertThat(judgeWithin("etsn " + repeat("`u{")).verdict()).isNotNull();
    }

    @Test
    void judgesUnterminatedStringsCommentsAndHereStrings() {
        assertThat(judgeWithin("etsn\n@'\n" + repeat("etsn srv01 ")).verdict()).isEqualTo(Verdict.NOT_FLAGGED);
        assertThat(judgeWithin("etsn\n@\"\n" + repeat("etsn $x ")).verdict()).isEqualTo(Verdict.NOT_FLAGGED);
        assertThat(judgeWithin("etsn\n'" + repeat("etsn ")).verdict()).isEqualTo(Verdict.NOT_FLAGGED);
        assertThat(judgeWithin("etsn\n<#" + repeat("etsn ")).verdict()).isEqualTo(Verdict.NOT_FLAGGED);
        assertThat(judgeWithin(repeat("@'\netsn x\n")).verdict()).isNotNull();
    }

    @Test
    void judgesAMegabyteOfCommentLinesAfterManyStatements() {
        assertThat(judgeWithin(repeat("etsn\n# |\n")).verdict()).isNotNull();
        assertThat(judgeWithin(repeat("$a = ") + "\n" + repeat("# x\n")).verdict()).isNotNull();
    }

    @Test
    void judgesAMegabyteOfSessionCallsToTheEnd() {
        Judgement judgement = judgeWithin(repeat("etsn -Cn srv01;"));
        assertThat(judgement.verdict()).isEqualTo(Verdict.FLAGGED);
        assertThat(judgement.evidence()).hasSize(MEGABYTE / "etsn -Cn srv01;".length());
    }

    @Test
    void staysWithinASmallThreadStackAtTheNestingLimit() throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Judgement> result = new AtomicReference<>();
        String text = "etsn " + "\"$(".repeat(5_000) + " " + "{(@{a=$(".repeat(5_000);
        Thread thread = new Thread(null, () -> {
            try {
                result.set(RemoteSessionAnalyzer.judge(text));
                result.set(RemoteSessionAnalyzer.judge("x " + "[".repeat(10_000)));
                result.set(RemoteSessionAnalyzer.judge("etsn " + "return ".repeat(10_000)));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "small-stack", 256 * 1024);
        thread.start();
        thread.join(HANG_GUARD.toMillis());
        assertThat(failure.get()).isNull();
        assertThat(result.get()).isNotNull();
    }
}
