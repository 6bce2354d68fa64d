package dev.escu.pssession.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.escu.pssession.detection.WindowsEvent;
import dev.escu.pssession.ingest.format.EventFormat;
import dev.escu.pssession.ingest.format.NdjsonEventFormat;
import dev.escu.pssession.ingest.format.ParseLimits;
import dev.escu.pssession.ingest.format.RawEvent;
import dev.escu.pssession.ingest.format.XmlEventFormat;

class EventNormalizerTest {

    private static final Instant RECEIVED = NormalizedEvents.RECEIVED;
    private final EventNormalizer normalizer = new EventNormalizer();

    private WindowsEvent normalize(RawEvent raw, IngestDefaults defaults) {
        EventNormalizer.Result result = normalizer.normalize(raw, defaults, RECEIVED);
        assertThat(result).isInstanceOf(EventNormalizer.Normalized.class);
        return ((EventNormalizer.Normalized) result).event();
    }

    private WindowsEvent normalize(Map<String, String> fields) {
        return normalize(new RawEvent(fields), IngestDefaults.NONE);
    }

    @Test
    void givesTheSameEventFromXmlAndFromSplunkNamedJson() throws IOException {
        List<WindowsEvent> fromXml = events(new XmlEventFormat(ParseLimits.DEFAULT), "samples/powershell-4104.xml");
        List<WindowsEvent> fromJson = events(new NdjsonEventFormat(ParseLimits.DEFAULT), "samples/powershell-4104.ndjson");
        assertThat(fromXml).hasSize(4);
        for (int i = 0; i < 4; i++) {
            WindowsEvent xml = fromXml.get(i);
            WindowsEvent json = fromJson.get(i);
            assertThat(xml.time()).isEqualTo(json.time());
            for (String field : List.of("dest", "signature", "signature_id", "user_id", "vendor_product", "EventID", "Guid",
                    "Opcode", "Name", "Path", "ProcessID", "ScriptBlockId", "ScriptBlockText", "EventCode", "source",
                    "EventRecordID", "Channel", "MessageNumber", "MessageTotal")) {
                assertThat(xml.field(field)).as("event %d field %s", i, field).isEqualTo(json.field(field));
            }
        }
    }

    @Test
    void mapsRawWindowsNamesToSplunkNames() {
        WindowsEvent event = normalize(Map.of("Computer", "HOST-1", "UserID", "S-1-5-18", "EventID", "4104",
                "ProviderName", "Microsoft-Windows-PowerShell", "ProviderGuid", "{A0C1853B-5C40-4B15-8766-3CF1C58F985A}",
                "ProcessID", "42", "SystemTime", "2026-03-02T08:14:55.41720300Z", "ScriptBlockText", "x"));
        assertThat(event.fields()).containsEntry("Computer", "HOST-1").containsEntry("UserID", "S-1-5-18");
        assertThat(event.fields()).containsEntry("dest", "HOST-1").containsEntry("user_id", "S-1-5-18")
                .containsEntry("EventCode", "4104").containsEntry("EventID", "4104").containsEntry("signature_id", "4104")
                .containsEntry("Name", "Microsoft-Windows-PowerShell")
                .containsEntry("Guid", "{A0C1853B-5C40-4B15-8766-3CF1C58F985A}").containsEntry("ProcessID", "42")
                .containsEntry("signature", "Microsoft-Windows-PowerShell Execute a Remote Command")
                .containsEntry("vendor_product", "Microsoft Windows");
        assertThat(event.time()).isEqualTo(Instant.parse("2026-03-02T08:14:55.417203Z"));
    }

    @Test
    void letsAnExplicitValueWinOverADerivedOne() {
        WindowsEvent event = normalize(Map.of("dest", "EXPLICIT", "Computer", "DERIVED", "EventCode", "4104",
                "signature", "custom", "signature_id", "9", "vendor_product", "Other", "Name", "Microsoft-Windows-PowerShell"));
        assertThat(event.fields()).containsEntry("dest", "EXPLICIT").containsEntry("signature", "custom")
                .containsEntry("signature_id", "9").containsEntry("vendor_product", "Other");
    }

    @Test
    void letsTheSplunkNamesWinOverTheRawWindowsNames() {
        WindowsEvent event = normalize(Map.of("user_id", "S-1-5-21-1", "UserID", "S-1-5-18",
                "Guid", "{EXPLICIT}", "ProviderGuid", "{RAW}", "Name", "Microsoft-Windows-PowerShell", "ProviderName", "Other",
                "EventCode", "4104", "EventID", "4103", "ScriptBlockText", "x"));
        assertThat(event.fields()).containsEntry("user_id", "S-1-5-21-1").containsEntry("Guid", "{EXPLICIT}")
                .containsEntry("Name", "Microsoft-Windows-PowerShell").containsEntry("EventCode", "4104")
                .containsEntry("EventID", "4103").containsEntry("signature_id", "4104")
                .containsEntry("signature", "Microsoft-Windows-PowerShell Execute a Remote Command");
    }

    @Test
    void letsSplunksTimeWinOverTheTimeTheEventRecords() {
        WindowsEvent event = normalize(Map.of("EventCode", "4104", "_time", "1772439295.5",
                "SystemTime", "2026-01-01T00:00:00Z", "TimeCreated", "2026-01-02T00:00:00Z"));
        assertThat(event.time()).isEqualTo(Instant.parse("2026-03-02T08:14:55.5Z"));
        WindowsEvent systemTime = normalize(Map.of("EventCode", "4104",
                "SystemTime", "2026-01-01T00:00:00Z", "TimeCreated", "2026-01-02T00:00:00Z"));
        assertThat(systemTime.time()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void readsTimeAsFractionalEpochSecondsOrAnIsoInstantWithAnOffset() {
        assertThat(normalize(Map.of("EventCode", "4104", "_time", "1772439295.9999999")).time())
                .isEqualTo(Instant.parse("2026-03-02T08:14:55.999999Z"));
        assertThat(normalize(Map.of("EventCode", "4104", "_time", "2026-03-02T09:14:55.25+01:00")).time())
                .isEqualTo(Instant.parse("2026-03-02T08:14:55.25Z"));
    }

    @Test
    void leavesSignatureMissingForOtherProviders() {
        WindowsEvent core = normalize(Map.of("EventCode", "4104", "Name", "PowerShellCore", "Computer", "H"));
        assertThat(core.field("signature")).isNull();
        WindowsEvent other = normalize(Map.of("EventCode", "4103", "Name", "Microsoft-Windows-PowerShell", "Computer", "H"));
        assertThat(other.field("signature")).isNull();
    }

    @Test
    void fallsBackToTheHostForDest() {
        WindowsEvent fromRequest = normalize(new RawEvent(Map.of("EventCode", "4104")), new IngestDefaults("req-host", null, null));
        assertThat(fromRequest.field("dest")).isEqualTo("req-host");
        WindowsEvent fromMeta = normalize(new RawEvent(Map.of("EventCode", "4104"), Map.of("host", "meta-host"), Map.of()),
                new IngestDefaults("req-host", null, null));
        assertThat(fromMeta.field("dest")).isEqualTo("meta-host");
        WindowsEvent own = normalize(new RawEvent(Map.of("EventCode", "4104", "Computer", "own"), Map.of("host", "meta-host"), Map.of()),
                IngestDefaults.NONE);
        assertThat(own.field("dest")).isEqualTo("own");
    }

    @Test
    void theChannelsSourceWinsOverTheSendersAsSplunksTransformDoes() {
        RawEvent xml = new RawEvent(Map.of("EventID", "4104", "Channel", "Windows PowerShell",
                "source", "XmlWinEventLog:Windows PowerShell"), Map.of("source", "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational"),
                Map.of("source", "XmlWinEventLog:"));
        assertThat(normalize(xml, IngestDefaults.NONE).field("source")).isEqualTo("XmlWinEventLog:Windows PowerShell");
        assertThat(normalize(xml, new IngestDefaults(null, "WinEventLog:PowerShellCore/Operational", null)).field("source"))
                .isEqualTo("XmlWinEventLog:Windows PowerShell");
    }

    @Test
    void theSendersSourceAppliesToAnEventWithoutAChannel() {
        RawEvent noChannel = new RawEvent(Map.of("EventID", "4104"), Map.of(), Map.of("source", "XmlWinEventLog:"));
        assertThat(normalize(noChannel, IngestDefaults.NONE).field("source")).isEqualTo("XmlWinEventLog:");
        assertThat(normalize(noChannel, new IngestDefaults(null, "WinEventLog:PowerShellCore/Operational", null)).field("source"))
                .isEqualTo("WinEventLog:PowerShellCore/Operational");
    }

    @Test
    void leavesPlainJsonWithoutSource() {
        assertThat(normalize(Map.of("EventCode", "4104", "Computer", "H")).field("source")).isNull();
    }

    @Test
    void dropsEmptyValues() {
        WindowsEvent event = normalize(Map.of("EventCode", "4104", "Computer", "H", "Path", ""));
        assertThat(event.field("Path")).isNull();
    }

    /**
     * JSON may escape half a surrogate pair ("\\ud83d") that UTF-8 cannot hold: stored as it came, it
     * became "?" on its way to PostgreSQL, so "x\\ud83dy" and "x?y" were one group. Like NUL it becomes
     * U+FFFD, the replacement character; whole pairs stay.
     */
    @Test
    void replacesHalvesOfSurrogatePairsWithTheReplacementCharacter() {
        WindowsEvent event = normalize(Map.of("EventCode", "4104", "Computer", "H\ude00",
                "ScriptBlockText", "Enter-PSSession -ComputerName x\ud83dy \ud83d\ude00 \ude00\ud83d\u0000"));
        assertThat(event.field("ScriptBlockText")).isEqualTo("Enter-PSSession -ComputerName x\uFFFDy \ud83d\ude00 \uFFFD\uFFFD\uFFFD");
        assertThat(event.field("dest")).isEqualTo("H\uFFFD");
    }

    @Test
    void takesTimeFromEpochSecondsOrIsoAndElseTheReceiptTime() {
        assertThat(normalize(Map.of("EventCode", "4104", "_time", "1772439295.417203")).time())
                .isEqualTo(Instant.parse("2026-03-02T08:14:55.417203Z"));
        assertThat(normalize(Map.of("EventCode", "4104", "_time", "2026-03-02T08:14:55Z")).time())
                .isEqualTo(Instant.parse("2026-03-02T08:14:55Z"));
        assertThat(normalize(Map.of("EventCode", "4104", "TimeCreated", "2026-03-02T08:14:55Z")).time())
                .isEqualTo(Instant.parse("2026-03-02T08:14:55Z"));
        assertThat(normalize(Map.of("EventCode", "4104")).time()).isEqualTo(RECEIVED);
    }

    @Test
    void rejectsAnUnreadableTime() {
        EventNormalizer.Result result = normalizer.normalize(new RawEvent(Map.of("EventCode", "4104", "_time", "noon")),
                IngestDefaults.NONE, RECEIVED);
        assertThat(result).isInstanceOfSatisfying(EventNormalizer.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("Invalid time \"noon\""));
    }

    @Test
    void rejectsAnObjectWithNoWindowsFields() {
        EventNormalizer.Result result = normalizer.normalize(new RawEvent(Map.of("hello", "world")), IngestDefaults.NONE, RECEIVED);
        assertThat(result).isInstanceOf(EventNormalizer.Invalid.class);
    }

    private List<WindowsEvent> events(EventFormat format, String resource) throws IOException {
        return NormalizedEvents.read(format, getClass().getClassLoader().getResourceAsStream(resource).readAllBytes());
    }
}
