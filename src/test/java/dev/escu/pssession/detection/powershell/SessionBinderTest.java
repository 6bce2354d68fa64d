package dev.escu.pssession.detection.powershell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How an Enter-PSSession invocation's arguments bind, and which bindings name a target. */
class SessionBinderTest {

    private static Judgement judge(String text) {
        return RemoteSessionAnalyzer.judgeCode(text);
    }

    private static String set(String text) {
        Judgement judgement = judge(text);
        assertThat(judgement.evidence()).as(text + ": " + judgement.reason()).isNotEmpty();
        return judgement.evidence().get(0).parameterSet();
    }

    @Test
    void bindsAPositionalWordOrStringToComputerName() {
        assertThat(set("etsn srv01")).isEqualTo("ComputerName");
        assertThat(set("etsn 'srv 01'")).isEqualTo("ComputerName");
    }

    @Test
    void bindsAPositionalNumberToId() {
        assertThat(set("etsn 3")).isEqualTo("Id");
        assertThat(judge("etsn 3").evidence().get(0).target()).isEqualTo("3");
    }

    @Test
    void bindsAPositionalVariableToSessionOnlyWhenTheBlockMakesItASession() {
        assertThat(set("$s = New-PSSession srv01\netsn $s")).isEqualTo("Session");
        assertThat(set("$s = Get-PSSession -Id 2; etsn $s")).isEqualTo("Session");
        assertThat(set("etsn $s")).isEqualTo("ComputerName");
        assertThat(set("$s = 'srv01'; etsn $s")).isEqualTo("ComputerName");
    }

    @Test
    void bindsAPositionalToTheSetThatTheNamedParametersLeave() {
        assertThat(set("etsn srv01 -SSHTransport")).isEqualTo("HostName");
        assertThat(set("etsn -AllowRedirection http://x/wsman")).isEqualTo("ConnectionUri");
        assertThat(set("etsn -RunAsAdministrator abc")).isEqualTo("ContainerId");
        assertThat(set("etsn -Credential $c srv01")).isEqualTo("ComputerName");
    }

    @Test
    void takesNoValueForASwitch() {
        assertThat(judge("etsn -UseSSL srv01").evidence().get(0).target()).isEqualTo("srv01");
        assertThat(judge("etsn -UseSSL:$false srv01").evidence().get(0).target()).isEqualTo("srv01");
    }

    @Test
    void takesTheValueOfANonSwitchFromTheNextArgument() {
        assertThat(judge("etsn -Credential srv01").verdict()).isEqualTo(Verdict.NOT_FLAGGED);
        assertThat(judge("etsn -Port 5986 -ComputerName srv01").evidence().get(0).target()).isEqualTo("srv01");
    }

    @Test
    void readsTheValueAfterAColonEvenPastSpaces() {
        assertThat(judge("etsn -ComputerName: srv01").evidence().get(0).target()).isEqualTo("srv01");
        assertThat(judge("etsn -Cn:'srv01'").evidence().get(0).target()).isEqualTo("srv01");
    }

    @Test
    void resolvesTheKeysOfASplattedHashtableLiteralLikeParameterNames() {
        Judgement judgement = judge("$p = @{ Comp = 'srv01' }\netsn @p");
        assertThat(judgement.evidence()).extracting(Evidence::parameterSet, Evidence::target)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ComputerName", "srv01"));
        assertThat(set("$p = @{ 'Session' = $s }; etsn @p")).isEqualTo("Session");
        assertThat(set("$script:p = @{ HostName = 'h' }; etsn @p")).isEqualTo("HostName");
    }

    @Test
    void flagsASplatWhoseContentCannotBeKnown() {
        assertThat(set("etsn @p")).isEqualTo("splatted");
        assertThat(set("$p = Get-Params; etsn @p")).isEqualTo("splatted");
        assertThat(set("$p = @{}; $p.Add('ComputerName', 'x'); etsn @p")).isEqualTo("splatted");
        assertThat(set("$p = @{ ($k) = 'x' }; etsn @p")).isEqualTo("splatted");
        assertThat(set("foreach ($p in $list) { etsn @p }")).isEqualTo("splatted");
    }

    @Test
    void flagsNothingForASplatKnownToHoldNoTarget() {
        assertThat(judge("$p = @{ Credential = $c }; etsn @p").verdict()).isEqualTo(Verdict.NOT_FLAGGED);
    }

    @Test
    void flagsNothingForAnInvocationWithoutTarget() {
        Judgement judgement = judge("Enter-PSSession -Credential $c");
        assertThat(judgement.verdict()).isEqualTo(Verdict.NOT_FLAGGED);
        assertThat(judgement.reason()).contains("names no target");
    }

    @Test
    void flagsPipelineInputAsATarget() {
        assertThat(judge("'srv01' | etsn").evidence().get(0).target()).isEqualTo("srv01");
        assertThat(set("New-PSSession srv01 | etsn")).isEqualTo("Session");
        assertThat(set("$s = New-PSSession srv01\n$s | etsn")).isEqualTo("Session");
    }

    @Test
    void rejectsACallWithAnAmbiguousParameterAsPowerShellDoes() {
        Judgement judgement = judge("etsn -Co srv01");
        assertThat(judgement.verdict()).isEqualTo(Verdict.NOT_FLAGGED);
        assertThat(judgement.reason()).contains("ambiguous").contains("-ComputerName").contains("-ConnectionUri");
    }

    @Test
    void readsAnUnknownParameterAsASwitchSoThatALaterVersionCannotHideATarget() {
        assertThat(judge("etsn -FutureSwitch -ComputerName srv01").evidence().get(0).target()).isEqualTo("srv01");
    }

    @Test
    void rejectsAParameterMissingItsValueUnlessTheBlockEndsThere() {
        assertThat(judge("etsn -ComputerName -UseSSL").verdict()).isEqualTo(Verdict.NOT_FLAGGED);
        assertThat(judge("etsn -ComputerName\nGet-Date").verdict()).isEqualTo(Verdict.NOT_FLAGGED);
        assertThat(judge("etsn -ComputerName").verdict()).isEqualTo(Verdict.FLAGGED);
    }

    @Test
    void readsEverythingAfterDoubleDashAsArguments() {
        assertThat(judge("etsn -- -srv01").evidence().get(0).target()).isEqualTo("-srv01");
    }

    @Test
    void readsAParameterWithAQuoteAsAnArgument() {
        // PowerShell reads -Cn'x' as one bare argument, so it binds positionally.
        assertThat(judge("etsn -Cn'x'").evidence().get(0).target()).isEqualTo("-Cnx");
    }

    @Test
    void resolvesTheCommandNameOfACallOperatorFromAStringVariable() {
        assertThat(set("$c = 'etsn'; & $c srv01")).isEqualTo("ComputerName");
        assertThat(judge("$c = 'Get-Date'; & $c srv01").verdict()).isEqualTo(Verdict.NOT_FLAGGED);
        assertThat(judge("& $unknown srv01").verdict()).isEqualTo(Verdict.NOT_FLAGGED);
    }
}
