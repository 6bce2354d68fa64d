package dev.escu.pssession.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.escu.pssession.detection.RunningDetections;
import dev.escu.pssession.detection.escu.EscuContent;
import dev.escu.pssession.detection.escu.SkippedDetection;
import dev.escu.pssession.detection.spl.Macros;

/**
 * What an operator reads at start: a 4104 detection that cannot run is a WARN with what to do; a detection
 * of another data source (a clone of ESCU's repository holds some 1,600) is counted, not warned about.
 */
@ExtendWith(OutputCaptureExtension.class)
class DetectionCatalogReportTest {

    @Test
    void warnsOnlyAboutDetectionsMeantForThisService(CapturedOutput output) {
        SkippedDetection unsupported = new SkippedDetection("detections/endpoint/unsupported.yml",
                "0b6e8a94-0f36-4d44-9c4b-0d6a2b1c7f10", "Unsupported Here", "command transaction is not supported", 57);
        SkippedDetection otherSource = new SkippedDetection("detections/network/dns.yml",
                "7a1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", "Some DNS Detection",
                "data source [Sysmon EventID 22] is not Powershell Script Block Logging 4104", null, true);

        DetectionCatalog.report(new RunningDetections(new EscuContent(List.of(), List.of(unsupported, otherSource),
                Macros.NONE)));

        List<String> warnings = output.getAll().lines().filter(line -> line.contains("WARN")).toList();
        assertThat(warnings).singleElement().asString()
                .contains("Detection skipped: Unsupported Here", "command transaction is not supported at position 57",
                        "GET /api/v1/detections?status=skipped");
        assertThat(output.getAll()).contains("2 content files do not (1 of them detections of other data sources)");
    }
}
