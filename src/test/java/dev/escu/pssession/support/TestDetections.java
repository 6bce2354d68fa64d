package dev.escu.pssession.support;

import java.nio.file.Path;
import java.util.List;

import dev.escu.pssession.detection.RunningDetections;
import dev.escu.pssession.detection.escu.EscuLoader;

/** Running detections for tests without Spring: what the service runs out of the box, or a content folder. */
public final class TestDetections {

    private static final RunningDetections BUNDLED = new RunningDetections(new EscuLoader().load(null, List.of(),
            EscuLoader.bundledDetections()));

    private TestDetections() {
    }

    /** The bundled detections: the seed detection. */
    public static RunningDetections bundled() {
        return BUNDLED;
    }

    /** A content folder under {@code src/test/resources}, with the bundled detections. */
    public static RunningDetections folder(String resourceFolder) {
        return new RunningDetections(new EscuLoader().load(Path.of("src/test/resources", resourceFolder), List.of(),
                EscuLoader.bundledDetections()));
    }
}
