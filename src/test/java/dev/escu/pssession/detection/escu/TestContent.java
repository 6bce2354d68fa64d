package dev.escu.pssession.detection.escu;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The test content folder under src/test/resources/content. */
final class TestContent {

    private TestContent() {
    }

    static Path folder() {
        try {
            return Path.of(TestContent.class.getResource("/content").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
