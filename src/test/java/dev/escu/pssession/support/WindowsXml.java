package dev.escu.pssession.support;

import java.util.ArrayList;
import java.util.List;

/** Builds PowerShell 4104 events as Windows renders them (XmlWinEventLog), one per line, for HTTP tests. */
public final class WindowsXml {

    private final List<String> events = new ArrayList<>();

    public static WindowsXml events() {
        return new WindowsXml();
    }

    /**
     * One PowerShell Operational 4104 event.
     *
     * @param path the script's path, or {@code ""} for a typed command (an empty element, as Windows writes it)
     */
    public WindowsXml add(long recordId, String computer, String userId, String systemTime, String scriptBlockText,
                          String path) {
        return add(recordId, computer, userId, systemTime, scriptBlockText, path, "block-" + recordId, 1, 1);
    }

    /** One part of a script block: {@code messageNumber} of {@code messageTotal}. */
    public WindowsXml add(long recordId, String computer, String userId, String systemTime, String scriptBlockText,
                          String path, String scriptBlockId, int messageNumber, int messageTotal) {
        events.add("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
                + "<Provider Name='Microsoft-Windows-PowerShell' Guid='{A0C1853B-5C40-4B15-8766-3CF1C58F985A}'/>"
                + "<EventID>4104</EventID><Version>1</Version><Level>5</Level><Task>2</Task><Opcode>15</Opcode>"
                + "<Keywords>0x0</Keywords><TimeCreated SystemTime='" + systemTime + "'/>"
                + "<EventRecordID>" + recordId + "</EventRecordID>"
                + "<Correlation ActivityID='{11111111-2222-0003-4444-555555555555}'/>"
                + "<Execution ProcessID='6120' ThreadID='7001'/><Channel>Microsoft-Windows-PowerShell/Operational</Channel>"
                + "<Computer>" + escape(computer) + "</Computer><Security UserID='" + userId + "'/></System><EventData>"
                + "<Data Name='MessageNumber'>" + messageNumber + "</Data><Data Name='MessageTotal'>" + messageTotal + "</Data>"
                + "<Data Name='ScriptBlockText'>" + escape(scriptBlockText) + "</Data>"
                + "<Data Name='ScriptBlockId'>" + scriptBlockId + "</Data>"
                + "<Data Name='Path'>" + escape(path) + "</Data></EventData></Event>");
        return this;
    }

    public String xml() {
        return String.join("\n", events) + "\n";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#xD;");
    }
}
