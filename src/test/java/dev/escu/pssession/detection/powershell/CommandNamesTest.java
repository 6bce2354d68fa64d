package dev.escu.pssession.detection.powershell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which names PowerShell resolves to Enter-PSSession. */
class CommandNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"Enter-PSSession", "enter-pssession", "ENTER-PSSESSION", "etsn", "ETSN",
        "Microsoft.PowerShell.Core\\Enter-PSSession", "MICROSOFT.POWERSHELL.CORE\\etsn", "Enter-PSSe\u017f\u017fion",
        "Enter-PSSess\u0131on"})
    void resolvesTheCmdletItsAliasAndItsModuleQualifiedNameInAnyCase(String name) {
        assertThat(CommandNames.isEnterPSSession(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Enter-PSSessionWrapper", "Enter-PSHostProcess", "etsnx", "Contoso\\Enter-PSSession",
        "Microsoft.PowerShell.Core\\", "Enter\u2013PSSession", "Enter-PSSession.ps1", "\\Enter-PSSession", ""})
    void resolvesNoOtherName(String name) {
        assertThat(CommandNames.isEnterPSSession(name)).isFalse();
    }

    @Test
    void readsABacktickBeforeAnOrdinaryCharacterAsThatCharacter() {
        assertThat(RemoteSessionAnalyzer.judge("E`N`T`E`R-P`S`S`E`S`S`I`O`N srv01").flagged()).isTrue();
        assertThat(RemoteSessionAnalyzer.judge("Enter-PS`Sess`ion srv01").flagged()).isTrue();
    }

    @Test
    void countsABacktickBeforeALetterAsTheLetterAsHardenedMdAsks() {
        // `t is a tab to PowerShell, yet HARDENED.md's own example En`ter-PSSession counts: a name that resolves
        // with the letter is resolved, erring toward flagging
        for (String name : new String[] {"En`ter-PSSession", "Enter-PSSessio`n", "e`tsn", "Ente`r-PSSession"}) {
            assertThat(RemoteSessionAnalyzer.judge(name + " srv01").flagged()).as(name).isTrue();
        }
    }

    @Test
    void readsABacktickZeroAsNulNotAsALetter() {
        assertThat(RemoteSessionAnalyzer.judge("Enter-PSSession`0 srv01").flagged()).isFalse();
    }

    @Test
    void readsBacktickEAsTheLetterForWindowsPowerShellAndUnicodeEscapesForPowerShell7() {
        // `e is ESC in PowerShell 7 but the letter e in 5.1, which logs blocks too.
        assertThat(RemoteSessionAnalyzer.judge("Ent`er-PSSession srv01").flagged()).isTrue();
        assertThat(RemoteSessionAnalyzer.judge("`u{45}nter-PSSession srv01").flagged()).isTrue();
    }

    @Test
    void readsQuotedPiecesOfABareWordAsPartOfTheName() {
        assertThat(RemoteSessionAnalyzer.judge("Enter-PS'Session' srv01").flagged()).isTrue();
        assertThat(RemoteSessionAnalyzer.judge("e\"t\"s'n' srv01").flagged()).isTrue();
    }

    @Test
    void expandsNoVariableInACommandNameWithoutCallOperator() {
        // Without & or ., PowerShell takes the name literally, $ and all.
        assertThat(RemoteSessionAnalyzer.judge("Enter-PS$()Session srv01").flagged()).isFalse();
    }
}
