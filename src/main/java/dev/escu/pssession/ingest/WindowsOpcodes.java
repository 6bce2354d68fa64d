package dev.escu.pssession.ingest;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Opcode names back to the numbers the XML carries. Winlogbeat and the Elastic Agent render
 * {@code winlog.opcode} as the provider's message text ("On create calls"), while the detection
 * groups on {@code Opcode} as XmlWinEventLog gives it ("15"); the same event must give the same
 * result row whatever the shipper.
 *
 * <p>Sources: the standard opcodes of winmeta.xml (Windows SDK), and the opcodes of the PowerShell
 * instrumentation manifest (PowerShell/PowerShell, src/PowerShell.Core.Instrumentation/
 * PowerShell.Core.Instrumentation.man: {@code <opcodes>} values and their {@code opcode.*.message}
 * strings). 4104 is written with opcode 15, "On create calls"; 4103 with 20.
 */
final class WindowsOpcodes {

    private static final Map<String, String> NUMBER_BY_NAME = new HashMap<>();

    static {
        // winmeta.xml: standard opcodes, as Event Viewer and Winlogbeat render them
        name("0", "Info");
        name("1", "Start");
        name("2", "Stop");
        name("3", "DCStart");
        name("4", "DCStop");
        name("5", "Extension");
        name("6", "Reply");
        name("7", "Resume");
        name("8", "Suspend");
        name("9", "Send");
        name("240", "Receive");
        // Microsoft-Windows-PowerShell / PowerShellCore: opcode value, message text
        name("10", "Open (async)");
        name("11", "Close (Async)");
        name("12", "connect");
        name("13", "Disconnect");
        name("14", "Negotiate");
        name("15", "On create calls");
        name("16", "to be used when an object is constructed");
        name("17", "To be used when an object is disposed");
        name("18", "To be used when an event handler is raised");
        name("19", "To be used when an exception is raised");
        name("20", "To be used when operation is just executing a method");
        name("21", "Send (Async)");
        name("22", "Receive (Async)");
        name("23", "Rehydration");
        name("24", "Serialization settings");
        name("25", "Shutting down");
    }

    private WindowsOpcodes() {
    }

    private static void name(String number, String name) {
        NUMBER_BY_NAME.put(key(name), number);
    }

    /**
     * The opcode as a number: a number stays as it is, a known name (any case, surrounding
     * white space ignored) becomes its number, an unknown name stays as it is.
     */
    static String number(String opcode) {
        if (opcode == null || opcode.isEmpty() || isNumber(opcode)) {
            return opcode;
        }
        return NUMBER_BY_NAME.getOrDefault(key(opcode), opcode);
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    private static boolean isNumber(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
