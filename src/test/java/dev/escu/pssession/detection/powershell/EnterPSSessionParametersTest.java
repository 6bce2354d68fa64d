package dev.escu.pssession.detection.powershell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** PowerShell's rule for matching a written parameter name against Enter-PSSession's parameters. */
class EnterPSSessionParametersTest {

    private static String bound(String written) {
        EnterPSSessionParameters.Resolution resolution = EnterPSSessionParameters.resolve(written);
        return resolution.parameter() == null ? null : resolution.parameter().name();
    }

    @ParameterizedTest
    @CsvSource({"Cn, ComputerName", "URI, ConnectionUri", "CU, ConnectionUri", "VMGuid, VMId", "IdentityFilePath, KeyFilePath",
        "ea, ErrorAction", "vb, Verbose", "proga, ProgressAction"})
    void bindsEveryAliasOfTheReference(String alias, String parameter) {
        assertThat(bound(alias)).isEqualTo(parameter);
        assertThat(bound(alias.toLowerCase())).isEqualTo(parameter);
    }

    @ParameterizedTest
    @CsvSource({"db, false, true", "ea, true, true", "ev, true, true", "infa, true, true", "iv, true, true", "ob, true, true",
        "ov, true, true", "pv, true, true", "proga, true, false", "vb, false, true", "wa, true, true", "wv, true, true"})
    void readsEveryCommonParameterOfItsTable(String alias, boolean takesValue, boolean windowsPowerShell) {
        EnterPSSessionParameters.Parameter parameter = EnterPSSessionParameters.resolve(alias).parameter();
        assertThat(parameter.common()).isTrue();
        assertThat(parameter.aliases()).containsExactly(alias);
        assertThat(parameter.takesValue()).isEqualTo(takesValue);
        assertThat(parameter.windowsPowerShell()).isEqualTo(windowsPowerShell);
    }

    @ParameterizedTest
    @CsvSource({"Comp, ComputerName", "computern, ComputerName", "H, HostName", "N, Name", "Inst, InstanceId", "VMN, VMName",
        "VMI, VMId", "Cont, ContainerId", "UR, ConnectionUri", "Cred, Credential", "SSH, SSHTransport"})
    void bindsAUniquePrefix(String prefix, String parameter) {
        assertThat(bound(prefix)).isEqualTo(parameter);
    }

    @Test
    void prefersAnExactNameOrAliasOverLongerNamesItPrefixes() {
        assertThat(bound("Id")).isEqualTo("Id");             // also a prefix of IdentityFilePath
        assertThat(bound("Session")).isEqualTo("Session");   // also a prefix of SessionOption
        assertThat(bound("Name")).isEqualTo("Name");
    }

    @Test
    void prefersTheCmdletsOwnParameterOverCommonOnesSharingThePrefix() {
        assertThat(bound("In")).isEqualTo("InstanceId");          // InformationAction, InformationVariable are common
        assertThat(bound("E")).isEqualTo("EnableNetworkAccess");  // ErrorAction, ErrorVariable are common
        assertThat(bound("O")).isEqualTo("Options");              // OutBuffer, OutVariable are common
    }

    @ParameterizedTest
    @ValueSource(strings = {"C", "Co", "Con", "S", "Se", "Sess", "V", "VM", "I", "U", "Conf-", "W"})
    void leavesAPrefixOfSeveralParametersAmbiguous(String prefix) {
        EnterPSSessionParameters.Resolution resolution = EnterPSSessionParameters.resolve(prefix);
        assertThat(resolution.parameter()).isNull();
        if (!prefix.endsWith("-")) {
            assertThat(resolution.ambiguous()).isTrue();
        }
    }

    @Test
    void bindsANameThatOnlyWindowsPowerShellReadsUniquely() {
        // PowerShell 7 adds ConnectingTimeout; 5.1 reads -Conn as ConnectionUri.
        assertThat(bound("Conn")).isEqualTo("ConnectionUri");
        assertThat(bound("Us")).isEqualTo("UseSSL");
    }

    @Test
    void knowsNoSshConnectionParameter() {
        // Enter-PSSession overrides the base class's SSHConnection without [Parameter]: -SSHC binds nothing.
        assertThat(bound("SSHConnection")).isNull();
        assertThat(EnterPSSessionParameters.resolve("SSHConnection").ambiguous()).isFalse();
    }

    @Test
    void ignoresCharactersACultureAwareComparisonIgnores() {
        assertThat(bound("Comp\u00aduterName")).isEqualTo("ComputerName");
        assertThat(bound("C\u200bn")).isEqualTo("ComputerName");
    }
}
