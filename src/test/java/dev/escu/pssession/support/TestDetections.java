package dev.escu.pssession.support;

import java.nio.file.Path;
import java.util.List;

import dev.escu.pssession.detection.RunningDetections;
import dev.escu.pssession.detection.escu.EscuLoader;
import dev.escu.pssession.detection.powershell.InteractiveSessionRule;

/** Running detections for tests without Spring: what the service runs out of the box, or a content folder. */
public final class TestDetections {

    private static final RunningDetections BUNDLED = new RunningDetections(new EscuLoader().load(null, List.of(),
            EscuLoader.bundledDetections()), InteractiveSessionRule.bundled());

    private TestDetections() {
    }

    private static final RunningDetections SEED = new RunningDetections(new EscuLoader().load(null, List.of(),
            EscuLoader.bundledDetections(false)));

    /** The seed detection alone, as the service runs it with the companion turned off. */
    public static RunningDetections seed() {
        return SEED;
    }

    /** The bundled detections: the seed detection and its hardened companion. */
    public static RunningDetections bundled() {
        return BUNDLED;
    }

    /** A content folder under {@code src/test/resources}, with the bundled detections. */
    public static RunningDetections folder(String resourceFolder) {
        return new RunningDetections(new EscuLoader().load(Path.of("src/test/resources", resourceFolder), List.of(),
                EscuLoader.bundledDetections()), InteractiveSessionRule.bundled());
    }
}
