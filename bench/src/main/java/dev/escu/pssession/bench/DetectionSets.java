package dev.escu.pssession.bench;

import java.nio.file.Path;
import java.util.List;

import dev.escu.pssession.detection.RunningDetections;
import dev.escu.pssession.detection.escu.ContentFile;
import dev.escu.pssession.detection.escu.EscuLoader;
import dev.escu.pssession.detection.powershell.InteractiveSessionRule;

/**
 * The sets of detections the benchmark compares, built as the service builds them:
 * {@code seed} (the parity rule alone: the service with pssession.detection.companion=false),
 * {@code bundled} (the seed and its hardened companion: the service's default), and {@code family}
 * (the bundled ones and every 4104 detection of the ESCU folder {@code -Dbench.escu.dir}), and {@code escu}
 * (the family without the companion: the ESCU detections as Splunk runs them).
 */
final class DetectionSets {

    private DetectionSets() {
    }

    static RunningDetections of(String set) {
        EscuLoader loader = new EscuLoader();
        List<ContentFile> bundled = EscuLoader.bundledDetections(true);
        List<ContentFile> seed = EscuLoader.bundledDetections(false);
        return switch (set) {
            case "seed" -> new RunningDetections(loader.load(null, List.of(), seed));
            case "bundled" -> new RunningDetections(loader.load(null, List.of(), bundled), InteractiveSessionRule.bundled());
            case "family" -> new RunningDetections(loader.load(escuFolder(), List.of(), bundled), InteractiveSessionRule.bundled());
            case "escu" -> new RunningDetections(loader.load(escuFolder(), List.of(), seed));
            default -> throw new IllegalArgumentException("detection set " + set + ": seed, bundled, escu or family");
        };
    }

    static Path escuFolder() {
        String dir = System.getProperty("bench.escu.dir");
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException("the family needs -Dbench.escu.dir=<a clone of splunk/security_content>");
        }
        return Path.of(dir);
    }
}
