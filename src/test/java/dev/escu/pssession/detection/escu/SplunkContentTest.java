package dev.escu.pssession.detection.escu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * Loads a checkout of splunk/security_content when one is at /work/escu (CI has none: the test is
 * then skipped) and prints how many PowerShell 4104 detections run and why the others do not.
 * It asserts no numbers of Splunk's content, which changes; only that the load completes and that
 * every 4104 detection is accounted for.
 */
class SplunkContentTest {

    private static final Path CONTENT = Path.of(System.getProperty("escu.content", "/work/escu"));

    @Test
    void loadsSplunksContentAndReportsEveryPowerShell4104Detection() {
        assumeTrue(Files.isDirectory(CONTENT.resolve("detections")), "no security_content checkout at " + CONTENT);
        long started = System.nanoTime();
        EscuContent content = new EscuLoader().load(CONTENT);
        long millis = (System.nanoTime() - started) / 1_000_000;

        List<SkippedDetection> skipped4104 = content.skipped().stream()
                .filter(s -> !s.otherDataSource())
                .toList();
        System.out.printf("ESCU content at %s: %d detections run, %d files skipped (%d for another data source), loaded in %d ms%n",
                CONTENT, content.detections().size(), content.skipped().size(),
                content.skipped().size() - skipped4104.size(), millis);
        Map<String, List<SkippedDetection>> byReason = new TreeMap<>(skipped4104.stream()
                .collect(Collectors.groupingBy(s -> s.reason().replaceAll("[0-9]+", "N"))));
        byReason.forEach((reason, files) -> {
            System.out.printf("  %3d x %s%n", files.size(), reason);
            files.forEach(f -> System.out.printf("        %s (%s) at %s%n", f.file(), f.name(), f.position()));
        });
        content.detections().forEach(d -> System.out.printf("  runs: %s  BY %s -> %s%n", d.name(),
                d.search().stats().byFields(), d.search().outputColumns()));

        assertThat(content.detections()).isNotEmpty();
        assertThat(content.detections()).allSatisfy(d -> assertThat(d.dataSources()).anyMatch(PowerShell4104.DATA_SOURCE::equalsIgnoreCase));
    }
}
