package dev.escu.pssession.detection;

import static dev.escu.pssession.detection.TestEvents.DETECTION;
import static dev.escu.pssession.detection.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.escu.pssession.support.TestDetections;

/** One test per rule of spec/DETECTION.md, "Step by step" 1-4. */
class DetectionEngineTest {

    private static final DetectionEngine ENGINE = TestDetections.seed().engine();

    private static boolean matches(TestEvents event) {
        return !ENGINE.evaluate(event.build(), ResultFilter.NONE).isEmpty();
    }

    /** The result key of an event the seed detection keeps. */
    private static ResultKey resultKey(WindowsEvent event) {
        return ENGINE.evaluate(event, ResultFilter.NONE).stream().filter(hit -> hit.detection() == DETECTION)
                .findFirst().orElseThrow().key();
    }

    @Nested
    class PowershellSourceMacro {

        @ParameterizedTest
        @ValueSource(strings = {
                "WinEventLog:Microsoft-Windows-PowerShell/Operational",
                "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational",
                "WinEventLog:PowerShellCore/Operational",
                "XmlWinEventLog:PowerShellCore/Operational"})
        void acceptsEachPowershellSource(String source) {
            assertThat(matches(event().with("source", source))).isTrue();
        }

        @Test
        void comparesSourceIgnoringCase() {
            assertThat(matches(event().with("source", "xmlwineventlog:MICROSOFT-WINDOWS-POWERSHELL/operational"))).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"XmlWinEventLog:Security", "XmlWinEventLog:Windows PowerShell",
                "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational ", "PowerShell", "stash",
                "XmlWinEventLog:"})
        void rejectsOtherSources(String source) {
            assertThat(matches(event().with("source", source))).isFalse();
        }

        @Test
        void takesAnEventWithoutSourceAsPowershellOperational() {
            assertThat(matches(event().without("source"))).isTrue();
        }
    }

    @Nested
    class EventCode {

        @Test
        void matchesEventCode4104() {
            assertThat(matches(event().with("EventCode", "4104"))).isTrue();
        }

        @Test
        void trimsEventCodeBeforeComparing() {
            assertThat(matches(event().with("EventCode", " 4104\t"))).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"4103", "4105", "04104", "4104.0", "41040"})
        void rejectsOtherEventCodes(String code) {
            assertThat(matches(event().with("EventCode", code))).isFalse();
        }

        @Test
        void rejectsEventWithoutEventCode() {
            assertThat(matches(event().without("EventCode"))).isFalse();
        }
    }

    @Nested
    class ScriptBlockMatch {

        @ParameterizedTest
        @ValueSource(strings = {
                "Enter-PSSession -ComputerName SQL02",
                "enter-pssession -computername sql02",
                "ENTER-PSSESSION -COMPUTERNAME SQL02",
                "eNtEr-PsSeSsIoN -cOmPuTeRnAmE x",
                "-ComputerName srv01 | % { Enter-PSSession }",
                "$x = 1; Enter-PSSession-ComputerName",
                "xxEnter-PSSessionxx yy-ComputerNameyy"})
        void matchesBothTermsAnywhereIgnoringCase(String text) {
            assertThat(matches(event().text(text))).isTrue();
        }

        @Test
        void matchesTermsOnDifferentLines() {
            assertThat(matches(event().text("$s = 'srv'\r\nEnter-PSSession `\r\n  -ComputerName $s\r\n"))).isTrue();
        }

        @Test
        void rejectsTextWithOnlyEnterPSSession() {
            assertThat(matches(event().text("Enter-PSSession -Session $s"))).isFalse();
        }

        @Test
        void rejectsTextWithOnlyComputerName() {
            assertThat(matches(event().text("Get-Service -ComputerName srv01"))).isFalse();
        }

        @Test
        void rejectsSplitScriptBlockWhoseTermsLandInDifferentParts() {
            // a 4104 block split in two events sharing one ScriptBlockId: no reassembly in this rule
            TestEvents part1 = event().text("Enter-PSSession `").with("MessageNumber", "1").with("MessageTotal", "2");
            TestEvents part2 = event().text("  -ComputerName srv01").with("MessageNumber", "2").with("MessageTotal", "2");
            assertThat(matches(part1)).isFalse();
            assertThat(matches(part2)).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "etsn -Cn SQL02",
                "etsn -ComputerName SQL02",
                "Enter-PSSession -Cn SQL02",
                "Enter-PSSession -Comp SQL02",
                "Enter-PSSession SQL02",
                "Enter-PSSession -ConnectionUri http://srv:5985",
                "Enter-PSSession -HostName srv01",
                "Enter-PSSession \u2013ComputerName srv01",
                "Enter-PSSess`ion -ComputerName srv01",
                "$p = @{ComputerName='srv'}; Enter-PSSession @p"})
        void missesWhatTheSplunkSearchMisses(String text) {
            assertThat(matches(event().text(text))).isFalse();
        }

        @Test
        void looksForBothTermsInScriptBlockTextOnly() {
            // the terms count in ScriptBlockText alone, not in the event's other fields or its raw text
            assertThat(matches(event().text("Get-Service -ComputerName srv01").with("Path", "C:\\Enter-PSSession.ps1")))
                    .isFalse();
            assertThat(matches(event().text("Enter-PSSession $s").with("ScriptBlockId", "-ComputerName"))).isFalse();
        }

        @Test
        void rejectsMissingScriptBlockText() {
            assertThat(matches(event().without("ScriptBlockText"))).isFalse();
        }

        @Test
        void rejectsEmptyScriptBlockText() {
            assertThat(matches(event().text(""))).isFalse();
        }

        @Test
        void foldsCaseOnlyInAscii() {
            // Assumption: the long s (U+017F) does not stand for "s", as it would with Java's case folding
            assertThat(matches(event().text("Enter-PS\u017Fession -ComputerName x"))).isFalse();
        }
    }

    @Nested
    class Fillnull {

        @Test
        void fillsMissingPathWithZero() {
            ResultKey key = resultKey(event().without("Path").build());
            assertThat(new ResultRow(DETECTION, key).field("Path")).isEqualTo("0");
        }

        @Test
        void fillsEmptyValuesWithZero() {
            ResultKey key = resultKey(event().with("Path", "").with("user_id", "").build());
            ResultRow row = new ResultRow(DETECTION, key);
            assertThat(row.field("Path")).isEqualTo("0");
            assertThat(row.field("user_id")).isEqualTo("0");
        }

        @Test
        void fillsEveryMissingGroupByField() {
            WindowsEvent bare = new WindowsEvent(java.time.Instant.EPOCH,
                    java.util.Map.of("EventCode", "4104", "ScriptBlockText", "Enter-PSSession -ComputerName a"));
            ResultKey key = resultKey(bare);
            assertThat(key.values()).hasSize(13);
            assertThat(key.values().subList(0, 12)).containsOnly("0");
            assertThat(key.value(12)).isEqualTo("Enter-PSSession -ComputerName a");
        }

        @Test
        void keepsWhitespaceValuesAsTheyAre() {
            ResultKey key = resultKey(event().with("Path", " ").build());
            assertThat(new ResultRow(DETECTION, key).field("Path")).isEqualTo(" ");
        }
    }

    @Nested
    class GroupKey {

        @Test
        void ordersValuesAsTheStatsByClause() {
            ResultKey key = resultKey(event().with("Path", "C:\\a.ps1").build());
            assertThat(ResultRow.fieldsOf(DETECTION)).containsExactly("dest", "signature", "signature_id", "user_id",
                    "vendor_product", "EventID", "Guid", "Opcode", "Name", "Path", "ProcessID", "ScriptBlockId",
                    "ScriptBlockText");
            assertThat(key.values()).containsExactly("LAPTOP-ADM-11.contoso.local",
                    "Microsoft-Windows-PowerShell Execute a Remote Command", "4104",
                    "S-1-5-21-3623811015-3361044348-30300820-1013", "Microsoft Windows", "4104",
                    "{A0C1853B-5C40-4B15-8766-3CF1C58F985A}", "15", "Microsoft-Windows-PowerShell", "C:\\a.ps1", "6120",
                    "3f9d2a71-5b0e-4c3a-9a1e-7d2b8c0f6e21", "Enter-PSSession -ComputerName SQL02.contoso.local");
        }

        @Test
        void groupsHostsThatDifferOnlyInCaseApart() {
            ResultKey upper = resultKey(event().with("dest", "HOST-1").build());
            ResultKey lower = resultKey(event().with("dest", "host-1").build());
            assertThat(upper).isNotEqualTo(lower);
            assertThat(upper.digest()).isNotEqualTo(lower.digest());
        }

        @Test
        void groupsGuidsThatDifferOnlyInCaseApart() {
            ResultKey upper = resultKey(event().with("Guid", "{A0C1853B-5C40-4B15-8766-3CF1C58F985A}").build());
            ResultKey lower = resultKey(event().with("Guid", "{a0c1853b-5c40-4b15-8766-3cf1c58f985a}").build());
            assertThat(upper.digest()).isNotEqualTo(lower.digest());
        }

        @Test
        void groupsIdenticalEventsAtDifferentTimesTogether() {
            ResultKey a = resultKey(event().at("2026-03-02T08:00:00Z").build());
            ResultKey b = resultKey(event().at("2026-03-09T08:00:00Z").build());
            assertThat(a.digest()).isEqualTo(b.digest());
        }

        @Test
        void separatorsInValuesNeverMergeTwoGroups() {
            // joined with "," both would read "a,b,c": the key must keep them apart
            ResultKey first = resultKey(event().with("dest", "a,b").with("signature", "c").build());
            ResultKey second = resultKey(event().with("dest", "a").with("signature", "b,c").build());
            assertThat(first.digest()).isNotEqualTo(second.digest());
        }

        @Test
        void groupsAMissingFieldWithALiteralZero() {
            // fillnull happens before stats: Path missing and Path "0" fall into one row, as in Splunk
            ResultKey missing = resultKey(event().without("Path").build());
            ResultKey zero = resultKey(event().with("Path", "0").build());
            assertThat(missing.digest()).isEqualTo(zero.digest());
        }
    }

    @Nested
    class Evaluation {

        @Test
        void reportsTheFilterRuleThatDropsARow() {
            ResultFilter dropLaptops = (detection, row) ->
                    row.field("dest").startsWith("LAPTOP") ? Optional.of("rule-1") : Optional.empty();
            var engine = TestDetections.seed().engine();
            var hits = engine.evaluate(event().build(), dropLaptops);
            assertThat(hits).singleElement().satisfies(hit -> {
                assertThat(hit.filtered()).isTrue();
                assertThat(hit.filteredBy()).contains("rule-1");
            });
            assertThat(engine.evaluate(event().with("dest", "SRV-1").build(), dropLaptops))
                    .singleElement().satisfies(hit -> assertThat(hit.filtered()).isFalse());
        }

        @Test
        void returnsNoHitForANonMatchingEvent() {
            var engine = TestDetections.seed().engine();
            assertThat(engine.evaluate(event().text("Get-Date").build(), ResultFilter.NONE)).isEmpty();
        }
    }
}
