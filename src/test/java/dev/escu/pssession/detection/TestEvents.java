package dev.escu.pssession.detection;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.escu.pssession.detection.escu.EscuDetection;
import dev.escu.pssession.support.TestDetections;

/** Builds normalised events for detection tests: a matching PowerShell 4104 event unless told otherwise. */
final class TestEvents {

    static final EscuDetection DETECTION = TestDetections.seed().require("a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af");

    private final Map<String, String> fields = new LinkedHashMap<>();
    private Instant time = Instant.parse("2026-03-02T08:14:55.417203Z");

    private TestEvents() {
        fields.put("source", "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational");
        fields.put("EventCode", "4104");
        fields.put("dest", "LAPTOP-ADM-11.contoso.local");
        fields.put("signature", "Microsoft-Windows-PowerShell Execute a Remote Command");
        fields.put("signature_id", "4104");
        fields.put("user_id", "S-1-5-21-3623811015-3361044348-30300820-1013");
        fields.put("vendor_product", "Microsoft Windows");
        fields.put("EventID", "4104");
        fields.put("Guid", "{A0C1853B-5C40-4B15-8766-3CF1C58F985A}");
        fields.put("Opcode", "15");
        fields.put("Name", "Microsoft-Windows-PowerShell");
        fields.put("ProcessID", "6120");
        fields.put("ScriptBlockId", "3f9d2a71-5b0e-4c3a-9a1e-7d2b8c0f6e21");
        fields.put("ScriptBlockText", "Enter-PSSession -ComputerName SQL02.contoso.local");
    }

    static TestEvents event() {
        return new TestEvents();
    }

    TestEvents with(String field, String value) {
        fields.put(field, value);
        return this;
    }

    TestEvents without(String field) {
        fields.remove(field);
        return this;
    }

    TestEvents text(String scriptBlockText) {
        return with("ScriptBlockText", scriptBlockText);
    }

    TestEvents at(String isoInstant) {
        this.time = Instant.parse(isoInstant);
        return this;
    }

    WindowsEvent build() {
        return new WindowsEvent(time, fields);
    }
}
