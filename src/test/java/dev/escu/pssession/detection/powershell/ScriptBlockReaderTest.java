package dev.escu.pssession.detection.powershell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The tokenizer's rules, one behaviour each: what PowerShell reads as code and what as text. */
class ScriptBlockReaderTest {

    private static Judgement judge(String text) {
        return RemoteSessionAnalyzer.judgeCode(text);
    }

    private static boolean flags(String text) {
        return judge(text).flagged();
    }

    private static String target(String text) {
        List<Evidence> evidence = judge(text).evidence();
        assertThat(evidence).as(text).isNotEmpty();
        return evidence.get(0).target();
    }

    @Test
    void readsALineCommentToTheEndOfItsLineOnly() {
        assertThat(flags("# etsn srv01")).isFalse();
        assertThat(flags("# note\netsn srv01")).isTrue();
        assertThat(flags("Get-Date # etsn srv01")).isFalse();
        assertThat(flags("#requires -Version 5.1\netsn srv01")).isTrue();
    }

    @Test
    void readsABlockCommentAcrossLinesUpToItsFirstTerminator() {
        assertThat(flags("<# etsn srv01\n etsn srv02 #>")).isFalse();
        assertThat(flags("<# a #> etsn srv01")).isTrue();
        assertThat(flags("<# a <# b #> etsn srv01")).isTrue();
        assertThat(flags("<#> etsn srv01 #>")).isFalse();
        assertThat(flags("<# never closed\netsn srv01")).isFalse();
    }

    @Test
    void keepsAHashInsideABareWordAndStartsACommentOnlyAtATokenStart() {
        assertThat(target("etsn srv#01")).isEqualTo("srv#01");
        assertThat(target("etsn srv01 #comment")).isEqualTo("srv01");
    }

    @Test
    void readsDoubledSingleQuotesAsOneQuoteAndNoEscapesInSingleQuotes() {
        assertThat(target("etsn 'it''s'")).isEqualTo("it's");
        assertThat(target("etsn 'a`tb'")).isEqualTo("a`tb");
        assertThat(flags("'it''s etsn srv01'")).isFalse();
    }

    @Test
    void readsBacktickEscapesInDoubleQuotedStrings() {
        assertThat(target("etsn \"srv`$01\"")).isEqualTo("srv$01");
        assertThat(target("etsn \"a\"\"b\"")).isEqualTo("a\"b");
        assertThat(judge("etsn \"srv$n\"").evidence().get(0).target()).isNull();
    }

    @Test
    void readsTheSubExpressionsOfDoubleQuotedStringsAsCode() {
        assertThat(flags("\"text $(etsn srv01) text\"")).isTrue();
        assertThat(flags("\"text `$(etsn srv01) text\"")).isFalse();
        assertThat(flags("\"$($x; \"$(etsn srv01)\")\"")).isTrue();
        assertThat(flags("\"$srv etsn srv01\"")).isFalse();
    }

    @Test
    void readsHereStringsAsTextUntilAFooterThatStartsALine() {
        assertThat(flags("@'\netsn srv01\n'@")).isFalse();
        assertThat(flags("@'\netsn srv01\n'@\netsn srv02")).isTrue();
        assertThat(flags("@'\n '@\netsn srv01\n'@")).isFalse();
        assertThat(flags("@\"\netsn srv01\n\"@")).isFalse();
        assertThat(flags("@'\r\netsn srv01\r\n'@\r\netsn srv02")).isTrue();
    }

    @Test
    void readsTheSubExpressionsOfExpandableHereStringsAsCode() {
        assertThat(flags("@\"\nline $(etsn srv01)\n\"@")).isTrue();
        assertThat(flags("@'\nline $(etsn srv01)\n'@")).isFalse();
    }

    @Test
    void continuesAStatementAfterABacktickThatEndsALine() {
        assertThat(target("etsn `\n srv01")).isEqualTo("srv01");
        assertThat(target("etsn `\r\n -ComputerName `\r\n srv01")).isEqualTo("srv01");
        assertThat(judge("etsn\nsrv01").verdict()).isEqualTo(Verdict.NOT_FLAGGED);
    }

    @Test
    void acceptsTheFourDashesPowerShellAcceptsAndNoOther() {
        for (String dash : HardenedCorpus.DASHES) {
            assertThat(judge("etsn " + dash + "Session $s").evidence().get(0).parameterSet()).isEqualTo("Session");
        }
        // A minus sign or a Unicode hyphen is not a dash to PowerShell: the word is a positional name.
        assertThat(target("etsn \u2212Session")).isEqualTo("\u2212Session");
        assertThat(target("etsn \u2010Session")).isEqualTo("\u2010Session");
    }

    @Test
    void separatesStatementsAtSemicolonsLineBreaksPipesAndChains() {
        assertThat(flags("Get-Date; etsn srv01")).isTrue();
        assertThat(flags("Get-Date\netsn srv01")).isTrue();
        assertThat(flags("Get-Date | etsn srv01")).isTrue();
        assertThat(flags("Get-Date && etsn srv01")).isTrue();
        assertThat(flags("Get-Date || etsn srv01")).isTrue();
        assertThat(flags("Write-Host etsn srv01")).isFalse();
    }

    @Test
    void readsScriptBlocksAndFunctionBodiesAsCode() {
        assertThat(flags("$sb = { etsn srv01 }")).isTrue();
        assertThat(flags("function f { etsn srv01 }")).isTrue();
        assertThat(flags("function f($a = $(etsn srv01)) { }")).isTrue();
        assertThat(flags("Invoke-Command { etsn srv01 }")).isTrue();
        assertThat(flags("if ($a) { } elseif ($b) { } else { etsn srv01 }")).isTrue();
        assertThat(flags("try { } catch [System.Exception] { etsn srv01 } finally { }")).isTrue();
    }

    @Test
    void readsHashtableValuesAsStatementsAndItsKeysAsNames() {
        assertThat(flags("@{ a = etsn srv01 }")).isTrue();
        assertThat(flags("@{ etsn = 1; 'Enter-PSSession' = 2 }")).isFalse();
    }

    @Test
    void readsArraysGroupsAndSubExpressionsAsCode() {
        assertThat(flags("$a = @(etsn srv01)")).isTrue();
        assertThat(flags("$a = (etsn srv01)")).isTrue();
        assertThat(flags("$a = $(etsn srv01)")).isTrue();
        assertThat(flags("$a = 1, (etsn srv01)")).isTrue();
    }

    @Test
    void readsMethodArgumentsAsExpressionsAndAttributesAsTypes() {
        assertThat(flags("$x.Invoke(etsn)")).isFalse();
        assertThat(flags("$x.Invoke((etsn srv01))")).isTrue();
        assertThat(flags("[Parameter(Mandatory, HelpMessage = 'etsn srv01')]$x")).isFalse();
        assertThat(flags("[ValidateScript({ etsn srv01 })]$x")).isTrue();
        assertThat(flags("[etsn]::new()")).isFalse();
    }

    @Test
    void readsMemberNamesAndVariablesAsNoCommands() {
        assertThat(flags("$x.etsn")).isFalse();
        assertThat(flags("$etsn = 1; ${etsn srv01} = 2; $script:etsn")).isFalse();
        assertThat(flags("$x::etsn")).isFalse();
    }

    @Test
    void readsSwitchPatternsAsValuesAndTheirActionsAsCode() {
        assertThat(flags("switch ($x) { etsn { 1 } }")).isFalse();
        assertThat(flags("switch -Regex ($x) { 'a' { etsn srv01 } }")).isTrue();
        assertThat(flags("switch ($x) {\n { $_ -eq 1 } { etsn srv01 }\n default { }\n}")).isTrue();
    }

    @Test
    void readsAFunctionsNameWhereItIsDefinedAsNoCall() {
        assertThat(flags("function Enter-PSSession { }")).isFalse();
        assertThat(flags("function etsn($ComputerName) { }")).isFalse();
        assertThat(flags("filter etsn { $_ }")).isFalse();
    }

    @Test
    void readsUnicodeSeparatorsAsWhitespaceAndTypographicQuotesAsQuotes() {
        assertThat(target("etsn\u00a0srv01")).isEqualTo("srv01");
        assertThat(target("etsn\u2003-Cn\u3000srv01")).isEqualTo("srv01");
        assertThat(flags("\u2018etsn srv01\u2019")).isFalse();
        assertThat(target("etsn \u201csrv 01\u201d")).isEqualTo("srv 01");
    }

    @Test
    void readsAStatementStartingWithAStringOrAVariableAsAnExpression() {
        assertThat(flags("'etsn' srv01")).isFalse();
        assertThat(flags("$etsn srv01")).isFalse();
    }

    @Test
    void continuesAPipelineOnALineThatStartsWithAPipe() {
        assertThat(judge("'srv01'\n  | etsn").evidence()).extracting(Evidence::target).containsExactly("srv01");
        assertThat(judge("'srv01'\n  # note\n  | etsn").evidence()).extracting(Evidence::target).containsExactly("srv01");
    }

    @Test
    void skipsRedirectionsAndTheirFiles() {
        assertThat(target("etsn > out.txt srv01")).isEqualTo("srv01");
        assertThat(target("etsn 2>&1 srv01")).isEqualTo("srv01");
        assertThat(flags("etsn *> $null")).isFalse();
    }

    @Test
    void recordsTheOffsetOfTheCommandAsWritten() {
        Evidence evidence = judge("Get-Date\n  & 'etsn' srv01").evidence().get(0);
        assertThat(evidence.offset()).isEqualTo(11);
        assertThat(evidence.commandAsWritten()).isEqualTo("& 'etsn'");
    }
}
