package dev.escu.pssession.detection.escu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * One content file's bytes and where it came from: a path relative to the content folder
 * ({@code detections/endpoint/x.yml}) or a label for bundled content ({@code classpath:escu/...}).
 */
public record ContentFile(String origin, byte[] bytes) {

    /** A resource shipped with the service. */
    public static ContentFile classpath(String resource) {
        try (InputStream in = ContentFile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("bundled content not found: " + resource);
            }
            return new ContentFile("classpath:" + resource, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
