package dev.escu.pssession.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.escu.pssession.detection.escu.Drilldown;
import dev.escu.pssession.detection.escu.EscuDetection;
import dev.escu.pssession.detection.escu.RiskObject;
import dev.escu.pssession.support.TestDetections;

/** The bundled ESCU file of the seed detection carries the identity of spec/DETECTION.md, and runs. */
class SeedDetectionTest {

    private final EscuDetection detection = TestDetections.bundled().require("a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af");

    @Test
    void bundlesTheSeedBesideItsCompanionAndSkipsNothing() {
        assertThat(TestDetections.bundled().all()).extracting(EscuDetection::id)
                .containsExactlyInAnyOrder(detection.id(), "079dc90d-c7e1-4f5a-8298-2c309483de87");
        assertThat(TestDetections.bundled().skipped()).isEmpty();
    }

    @Test
    void describesTheEscuDetection() {
        assertThat(detection.name()).isEqualTo("Interactive Session on Remote Endpoint with PowerShell");
        assertThat(detection.version()).isEqualTo(13);
        assertThat(detection.date()).isEqualTo("2026-03-10");
        assertThat(detection.type()).isEqualTo("TTP");
        assertThat(detection.searchName()).isEqualTo("ESCU - Interactive Session on Remote Endpoint with PowerShell - Rule");
        assertThat(detection.dataSources()).containsExactly("Powershell Script Block Logging 4104");
        assertThat(detection.tags().mitreAttackIds()).containsExactly("T1021.006");
        assertThat(detection.tags().analyticStories()).containsExactly("Active Directory Lateral Movement");
        assertThat(detection.tags().raw()).containsEntry("security_domain", "endpoint");
        assertThat(detection.tags().raw()).containsEntry("asset_type", "Endpoint");
    }

    @Test
    void groupsByTheThirteenFieldsAndRendersBothTimesAsCtime() {
        assertThat(ResultRow.fieldsOf(detection)).containsExactly("dest", "signature", "signature_id", "user_id",
                "vendor_product", "EventID", "Guid", "Opcode", "Name", "Path", "ProcessID", "ScriptBlockId", "ScriptBlockText");
        assertThat(detection.search().outputColumns()).endsWith("count", "firstTime", "lastTime");
        assertThat(detection.search().firstTimeCtime()).isTrue();
        assertThat(detection.search().lastTimeCtime()).isTrue();
    }

    @Test
    void carriesTheRiskOfTheSpec() {
        assertThat(detection.rba().riskObjects()).containsExactly(new RiskObject("dest", "system", 50));
        assertThat(detection.rba().message()).isEqualTo("An interactive session was opened on a remote endpoint from $dest$");
        assertThat(detection.rba().threatObjects()).isEmpty();
        assertThat(detection.tags().raw()).containsEntry("kill_chain_phases", List.of("Exploitation"))
                .containsEntry("nist", List.of("DE.CM"))
                .containsEntry("cis20", List.of("CIS 10"))
                .containsEntry("mitre_tactic", List.of("lateral-movement"));
    }

    @Test
    void findsByIdIgnoringCase() {
        assertThat(TestDetections.bundled().find("A4E8F3A4-48B2-11EC-BCFC-3E22FBD008AF")).isPresent();
        assertThat(TestDetections.bundled().find("nope")).isEmpty();
    }

    @Test
    void namesBothDrilldowns() {
        assertThat(detection.drilldowns()).extracting(Drilldown::name).containsExactly(
                "View the detection results for - \"$dest$\"", "View risk events for the last 7 days for - \"$dest$\"");
        assertThat(detection.drilldowns()).extracting(Drilldown::kind)
                .containsExactly(Drilldown.Kind.RESULTS, Drilldown.Kind.RISK_SUMMARY);
        assertThat(detection.drilldowns()).allSatisfy(d -> assertThat(d.tokens()).containsExactly("dest"));
    }
}
