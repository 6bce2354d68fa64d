package dev.escu.pssession.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.escu.pssession.detection.DetectionEngine;
import dev.escu.pssession.detection.ResultFilter;
import dev.escu.pssession.detection.ResultRow;
import dev.escu.pssession.detection.WindowsEvent;
import dev.escu.pssession.ingest.format.EventFormat;
import dev.escu.pssession.ingest.format.NdjsonEventFormat;
import dev.escu.pssession.ingest.format.ParseLimits;
import dev.escu.pssession.ingest.format.XmlEventFormat;
import dev.escu.pssession.support.TestDetections;

/**
 * DETECTION.md "Fields", read through the whole of parser, normaliser and seed detection: what a raw
 * XmlWinEventLog event or a flat JSON event with the raw Windows names gives as the result row.
 */
class EventToResultRowTest {

    private static final DetectionEngine ENGINE = TestDetections.seed().engine();

    private static final String EVENT = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
            + "<Provider Name='Microsoft-Windows-PowerShell' Guid='{A0C1853B-5C40-4B15-8766-3CF1C58F985A}'/>"
            + "<EventID>4104</EventID><Version>1</Version><Level>5</Level><Task>2</Task><Opcode>15</Opcode>"
            + "<Keywords>0x0</Keywords><TimeCreated SystemTime='2026-03-02T08:14:55.999999900Z'/>"
            + "<EventRecordID>1</EventRecordID><Execution ProcessID='6120' ThreadID='7001'/>"
            + "<Channel>Microsoft-Windows-PowerShell/Operational</Channel><Computer>WS-1.contoso.local</Computer>"
            + "<Security UserID='S-1-5-18'/></System><EventData><Data Name='MessageNumber'>1</Data>"
            + "<Data Name='MessageTotal'>1</Data><Data Name='ScriptBlockText'>Enter-PSSession -ComputerName srv01</Data>"
            + "<Data Name='ScriptBlockId'>block-1</Data><Data Name='Path'>C:\\s.ps1</Data></EventData></Event>";

    @Test
    void takesEveryGroupByFieldFromWhereTheAddOnTakesIt() {
        ResultRow row = row(new XmlEventFormat(ParseLimits.DEFAULT), EVENT).orElseThrow();
        assertThat(row.fields()).containsExactly(
                Map.entry("dest", "WS-1.contoso.local"),
                Map.entry("signature", "Microsoft-Windows-PowerShell Execute a Remote Command"),
                Map.entry("signature_id", "4104"),
                Map.entry("user_id", "S-1-5-18"),
                Map.entry("vendor_product", "Microsoft Windows"),
                Map.entry("EventID", "4104"),
                Map.entry("Guid", "{A0C1853B-5C40-4B15-8766-3CF1C58F985A}"),
                Map.entry("Opcode", "15"),
                Map.entry("Name", "Microsoft-Windows-PowerShell"),
                Map.entry("Path", "C:\\s.ps1"),
                Map.entry("ProcessID", "6120"),
                Map.entry("ScriptBlockId", "block-1"),
                Map.entry("ScriptBlockText", "Enter-PSSession -ComputerName srv01"));
    }

    @Test
    void fillsEmptyAndAbsentXmlElementsWithZero() {
        // Splunk drops empty values, so fillnull fills them: self-closing, empty and absent elements alike
        String sparse = EVENT.replace("<Opcode>15</Opcode>", "<Opcode></Opcode>")
                .replace("<Security UserID='S-1-5-18'/>", "<Security/>")
                .replace("Guid='{A0C1853B-5C40-4B15-8766-3CF1C58F985A}'", "Guid=''")
                .replace("<Execution ProcessID='6120' ThreadID='7001'/>", "")
                .replace("<Data Name='ScriptBlockId'>block-1</Data>", "<Data Name='ScriptBlockId'/>")
                .replace("<Data Name='Path'>C:\\s.ps1</Data>", "<Data Name='Path'></Data>");
        ResultRow row = row(new XmlEventFormat(ParseLimits.DEFAULT), sparse).orElseThrow();
        for (String field : List.of("user_id", "Guid", "Opcode", "Path", "ProcessID", "ScriptBlockId")) {
            assertThat(row.field(field)).as(field).isEqualTo("0");
        }
        assertThat(row.field("dest")).isEqualTo("WS-1.contoso.local");
    }

    @Test
    void fillsAMissingComputerWithZero() {
        ResultRow row = row(new XmlEventFormat(ParseLimits.DEFAULT),
                EVENT.replace("<Computer>WS-1.contoso.local</Computer>", "<Computer></Computer>")).orElseThrow();
        assertThat(row.field("dest")).isEqualTo("0");
    }

    @Test
    void leavesSignatureZeroForAnotherProvider() {
        ResultRow row = row(new XmlEventFormat(ParseLimits.DEFAULT), EVENT
                .replace("<Provider Name='Microsoft-Windows-PowerShell'", "<Provider Name='PowerShellCore'")
                .replace("Microsoft-Windows-PowerShell/Operational", "PowerShellCore/Operational")).orElseThrow();
        assertThat(row.field("signature")).isEqualTo("0");
        assertThat(row.field("Name")).isEqualTo("PowerShellCore");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Microsoft-Windows-PowerShell/Operational", "PowerShellCore/Operational",
            "microsoft-windows-powershell/OPERATIONAL"})
    void keepsAnXmlEventOfEitherPowershellChannelInAnyCase(String channel) {
        assertThat(row(new XmlEventFormat(ParseLimits.DEFAULT),
                EVENT.replace("Microsoft-Windows-PowerShell/Operational", channel))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Windows PowerShell", "Security", "Microsoft-Windows-PowerShell/Admin"})
    void dropsAnXmlEventOfAnotherChannel(String channel) {
        assertThat(row(new XmlEventFormat(ParseLimits.DEFAULT),
                EVENT.replace("Microsoft-Windows-PowerShell/Operational", channel))).isEmpty();
    }

    @Test
    void readsAFlatJsonEventWithTheRawWindowsNames() {
        String json = """
                {"Computer": "WS-1.contoso.local", "UserID": "S-1-5-18", "EventID": 4104, "ProcessID": 6120, \
                "ProviderName": "Microsoft-Windows-PowerShell", "ProviderGuid": "{a0c1853b-5c40-4b15-8766-3cf1c58f985a}", \
                "Opcode": "15", "SystemTime": "2026-03-02T08:14:55.999999900Z", "ScriptBlockId": "block-1", \
                "ScriptBlockText": "enter-pssession -computername srv01"}
                """;
        ResultRow row = row(new NdjsonEventFormat(ParseLimits.DEFAULT), json).orElseThrow();
        assertThat(row.fields()).containsEntry("dest", "WS-1.contoso.local").containsEntry("user_id", "S-1-5-18")
                .containsEntry("EventID", "4104").containsEntry("signature_id", "4104")
                .containsEntry("signature", "Microsoft-Windows-PowerShell Execute a Remote Command")
                .containsEntry("vendor_product", "Microsoft Windows").containsEntry("ProcessID", "6120")
                .containsEntry("Name", "Microsoft-Windows-PowerShell")
                .containsEntry("Guid", "{a0c1853b-5c40-4b15-8766-3cf1c58f985a}").containsEntry("Path", "0");
        assertThat(event(new NdjsonEventFormat(ParseLimits.DEFAULT), json).time())
                .isEqualTo(Instant.parse("2026-03-02T08:14:55.999999Z"));
    }

    @Test
    void readsTimeCreatedAsTextOrAsAnObjectWithSystemTime() {
        String asText = "{\"EventCode\": \"4104\", \"TimeCreated\": \"2026-03-02T08:14:55.5Z\", \"Computer\": \"H\"}";
        String asObject = "{\"EventCode\": \"4104\", \"TimeCreated\": {\"SystemTime\": \"2026-03-02T08:14:55.5Z\"}, \"Computer\": \"H\"}";
        assertThat(event(new NdjsonEventFormat(ParseLimits.DEFAULT), asText).time())
                .isEqualTo(Instant.parse("2026-03-02T08:14:55.5Z"));
        assertThat(event(new NdjsonEventFormat(ParseLimits.DEFAULT), asObject).time())
                .isEqualTo(Instant.parse("2026-03-02T08:14:55.5Z"));
    }

    private static Optional<ResultRow> row(EventFormat format, String body) {
        return ENGINE.evaluate(event(format, body), ResultFilter.NONE).stream()
                .map(hit -> new ResultRow(hit.detection(), hit.key())).findFirst();
    }

    private static WindowsEvent event(EventFormat format, String body) {
        List<WindowsEvent> events = NormalizedEvents.read(format, body.getBytes(StandardCharsets.UTF_8));
        assertThat(events).hasSize(1);
        return events.get(0);
    }
}
