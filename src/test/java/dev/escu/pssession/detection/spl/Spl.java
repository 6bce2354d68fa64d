package dev.escu.pssession.detection.spl;

import java.util.List;
import java.util.Set;

import dev.escu.pssession.detection.WindowsEvent;

/** Compiles searches for the tests, with the bundled macros' shapes and the 4104 field list. */
final class Spl {

    static final Set<String> CARRIED = Set.of("_time", "dest", "signature", "signature_id", "user_id", "vendor_product",
            "EventID", "Guid", "Opcode", "Name", "Path", "ProcessID", "ScriptBlockId", "ScriptBlockText", "MessageNumber",
            "MessageTotal", "EventRecordID", "Channel", "Level", "Task", "Keywords", "ThreadID", "EventCode", "Computer",
            "UserID", "ActivityID", "Version", "SystemTime", "source", "sourcetype", "host");

    static final String TAIL = " | stats count min(_time) as firstTime max(_time) as lastTime by dest";

    static final Macros MACROS = Macros.of(List.of(
            new Macro("powershell", List.of(), "(source=WinEventLog:Microsoft-Windows-PowerShell/Operational OR "
                    + "source=\"XmlWinEventLog:Microsoft-Windows-PowerShell/Operational\" OR source=\"WinEventLog:PowerShellCore/Operational\" "
                    + "OR source=\"XmlWinEventLog:PowerShellCore/Operational\")", "test"),
            new Macro("security_content_ctime", List.of("field"), "convert timeformat=\"%Y-%m-%dT%H:%M:%S\" ctime($field$)", "test")));

    private Spl() {
    }

    static CompiledSearch compile(String search) throws UnsupportedSearchException {
        return SearchCompiler.compile(search, MACROS, CARRIED);
    }

    static CompiledSearch compile(String search, Macros macros) throws UnsupportedSearchException {
        return SearchCompiler.compile(search, macros, CARRIED);
    }

    /** The first search command alone, with the standard tail. */
    static SearchExpression where(String terms) throws UnsupportedSearchException {
        return compile(terms + TAIL).where();
    }

    static boolean keeps(String terms, WindowsEvent event) throws UnsupportedSearchException {
        return compile(terms + TAIL).keeps(event);
    }

    static UnsupportedSearchException refusal(String search) {
        return refusal(search, MACROS);
    }

    static UnsupportedSearchException refusal(String search, Macros macros) {
        try {
            CompiledSearch compiled = compile(search, macros);
            throw new AssertionError("expected a refusal, compiled " + compiled);
        } catch (UnsupportedSearchException e) {
            return e;
        }
    }
}
