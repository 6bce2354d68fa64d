package dev.escu.pssession.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The built-in definition carries the identity of spec/DETECTION.md. */
class DetectionCatalogTest {

    private final DetectionDefinition detection = DetectionCatalog.builtIn().find("a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af").orElseThrow();

    @Test
    void describesTheEscuDetection() {
        assertThat(detection.name()).isEqualTo("Interactive Session on Remote Endpoint with PowerShell");
        assertThat(detection.version()).isEqualTo(13);
        assertThat(detection.type()).isEqualTo("TTP");
        assertThat(detection.searchName()).isEqualTo("ESCU - Interactive Session on Remote Endpoint with PowerShell - Rule");
        assertThat(detection.dataSource()).isEqualTo("Powershell Script Block Logging 4104");
        assertThat(detection.mitreAttack()).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo("T1021.006");
            assertThat(t.tactic()).isEqualTo("lateral-movement");
        });
        assertThat(detection.analyticStories()).containsExactly("Active Directory Lateral Movement");
    }

    @Test
    void carriesTheRiskOfTheSpec() {
        assertThat(detection.risk().objectField()).isEqualTo("dest");
        assertThat(detection.risk().objectType()).isEqualTo("system");
        assertThat(detection.risk().score()).isEqualTo(50);
        assertThat(detection.risk().message()).isEqualTo("An interactive session was opened on a remote endpoint from $dest$");
        assertThat(detection.risk().threatObjects()).isEmpty();
        assertThat(detection.annotations()).containsEntry("mitre_attack", List.of("T1021.006"))
                .containsEntry("kill_chain_phases", List.of("Exploitation"))
                .containsEntry("nist", List.of("DE.CM"))
                .containsEntry("cis20", List.of("CIS 10"))
                .doesNotContainKey("type"); // the detection's type, added to risk events as one value
    }

    @Test
    void findsByIdIgnoringCase() {
        assertThat(DetectionCatalog.builtIn().find("A4E8F3A4-48B2-11EC-BCFC-3E22FBD008AF")).isPresent();
        assertThat(DetectionCatalog.builtIn().find("nope")).isEmpty();
    }

    @Test
    void namesBothDrilldowns() {
        assertThat(detection.drilldowns()).extracting(DetectionDefinition.DrilldownDefinition::name).containsExactly(
                "View the detection results for - \"$dest$\"", "View risk events for the last 7 days for - \"$dest$\"");
        assertThat(detection.drilldowns()).extracting(DetectionDefinition.DrilldownDefinition::kind)
                .containsExactly("results", "risk-summary");
    }
}
