package dev.escu.pssession.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WindowsOpcodesTest {

    @Test
    void turnsPowerShellsScriptBlockOpcodeNameBackIntoFifteen() {
        assertThat(WindowsOpcodes.number("On create calls")).isEqualTo("15");
    }

    @Test
    void ignoresCaseAndSurroundingWhiteSpace() {
        assertThat(WindowsOpcodes.number("  on CREATE calls ")).isEqualTo("15");
        assertThat(WindowsOpcodes.number("Connect")).isEqualTo("12"); // the manifest spells it "connect"
    }

    @Test
    void knowsTheStandardWindowsOpcodes() {
        assertThat(WindowsOpcodes.number("Info")).isEqualTo("0");
        assertThat(WindowsOpcodes.number("Start")).isEqualTo("1");
        assertThat(WindowsOpcodes.number("Stop")).isEqualTo("2");
        assertThat(WindowsOpcodes.number("DCStart")).isEqualTo("3");
        assertThat(WindowsOpcodes.number("Send")).isEqualTo("9");
        assertThat(WindowsOpcodes.number("Receive")).isEqualTo("240");
    }

    @Test
    void knowsThePowerShellProvidersOwnOpcodes() {
        assertThat(WindowsOpcodes.number("To be used when operation is just executing a method")).isEqualTo("20");
        assertThat(WindowsOpcodes.number("Send (Async)")).isEqualTo("21");
        assertThat(WindowsOpcodes.number("Open (async)")).isEqualTo("10");
        assertThat(WindowsOpcodes.number("Shutting down")).isEqualTo("25");
    }

    @Test
    void leavesNumbersAndUnknownNamesAsTheyAre() {
        assertThat(WindowsOpcodes.number("15")).isEqualTo("15");
        assertThat(WindowsOpcodes.number("Some vendor opcode")).isEqualTo("Some vendor opcode");
        assertThat(WindowsOpcodes.number("")).isEmpty();
        assertThat(WindowsOpcodes.number(null)).isNull();
    }
}
