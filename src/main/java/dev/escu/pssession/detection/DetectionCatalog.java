package dev.escu.pssession.detection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The detections this service runs, read from YAML definitions on the classpath. */
public final class DetectionCatalog {

    /** The definitions shipped with the service. */
    public static final List<String> BUILT_IN = List.of(
            "detections/interactive-session-on-remote-endpoint-with-powershell.yml");

    private final List<DetectionDefinition> definitions;

    public DetectionCatalog(List<DetectionDefinition> definitions) {
        this.definitions = definitions.stream().sorted(Comparator.comparing(DetectionDefinition::id)).toList();
    }

    public static DetectionCatalog builtIn() {
        return load(BUILT_IN);
    }

    public static DetectionCatalog load(List<String> classpathResources) {
        ObjectMapper yaml = YAMLMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        List<DetectionDefinition> loaded = new ArrayList<>();
        for (String resource : classpathResources) {
            try (InputStream in = DetectionCatalog.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("detection definition not found: " + resource);
                }
                loaded.add(yaml.readValue(in, DetectionDefinition.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new DetectionCatalog(loaded);
    }

    public List<DetectionDefinition> all() {
        return definitions;
    }

    public Optional<DetectionDefinition> find(String id) {
        return definitions.stream().filter(d -> d.id().equalsIgnoreCase(id)).findFirst();
    }
}
