package dev.escu.pssession.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The Helm chart under helm/, rendered and linted with helm-java (Helm's own code, no helm binary). */
final class Chart {

    static final Path DIR = Path.of("helm", "pssession-detector").toAbsolutePath();
    static final Path VALUES = DIR.resolve("values.yaml");
    static final Path FULL_VALUES = DIR.resolve("ci").resolve("full-values.yaml");
    static final Path SCHEMA = DIR.resolve("values.schema.json");

    static final String RELEASE = "prod";
    static final String NAMESPACE = "secops";
    static final String FULLNAME = "prod-pssession-detector";
    /** The oldest Kubernetes that Chart.yaml admits. */
    static final String KUBE_VERSION = "1.25.0";

    static final YAMLMapper YAML = YAMLMapper.builder().build();

    private Chart() {
    }

    /** Renders the chart like {@code helm template prod helm/pssession-detector -n secops ...}. */
    static Manifests render(UnaryOperator<TemplateCommand> options) {
        TemplateCommand command = new Helm(DIR).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        return Manifests.parse(options.apply(command).call());
    }

    static Manifests renderDefaults() {
        return render(c -> c);
    }

    static Manifests renderFull() {
        return render(c -> c.withValuesFile(FULL_VALUES));
    }

    static JsonNode readYaml(Path file) {
        return YAML.readTree(file.toFile());
    }

    /**
     * A copy of the chart whose values.yaml is values.yaml with {@code overrides} merged over it the way
     * Helm merges a values file (maps merge, everything else is replaced): helm lint takes no values
     * file here, so this is how the fully-enabled values get linted.
     */
    static Path copyWithValues(Path target, Path overrides) {
        try {
            try (Stream<Path> files = Files.walk(DIR)) {
                for (Path source : (Iterable<Path>) files::iterator) {
                    Path dest = target.resolve(DIR.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(dest);
                    } else {
                        Files.copy(source, dest);
                    }
                }
            }
            JsonNode merged = merge(readYaml(VALUES).deepCopy(), readYaml(overrides));
            Files.writeString(target.resolve("values.yaml"), YAML.writeValueAsString(merged));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode merge(JsonNode base, JsonNode overrides) {
        if (!(base instanceof ObjectNode baseObject) || !overrides.isObject()) {
            return overrides;
        }
        for (Map.Entry<String, JsonNode> entry : overrides.properties()) {
            JsonNode existing = baseObject.get(entry.getKey());
            baseObject.set(entry.getKey(), existing == null ? entry.getValue() : merge(existing, entry.getValue()));
        }
        return baseObject;
    }

    /** The documents of one {@code helm template} run. */
    record Manifests(List<JsonNode> all) {

        static Manifests parse(String rendered) {
            List<JsonNode> documents = new ArrayList<>();
            for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(rendered).readAll()) {
                if (document != null && document.isObject() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
            assertThat(documents).as("rendered manifests").isNotEmpty();
            return new Manifests(List.copyOf(documents));
        }

        /** Kind to count, in the order rendered. */
        Map<String, Integer> kinds() {
            Map<String, Integer> kinds = new LinkedHashMap<>();
            all.forEach(m -> kinds.merge(m.path("kind").asString(), 1, Integer::sum));
            return kinds;
        }

        /** The one manifest of that kind. */
        JsonNode one(String kind) {
            List<JsonNode> found = all.stream().filter(m -> kind.equals(m.path("kind").asString())).toList();
            assertThat(found).as("manifests of kind %s", kind).hasSize(1);
            return found.get(0);
        }

        boolean has(String kind) {
            return all.stream().anyMatch(m -> kind.equals(m.path("kind").asString()));
        }

        JsonNode podSpec() {
            return one("Deployment").path("spec").path("template").path("spec");
        }

        JsonNode container() {
            JsonNode containers = podSpec().path("containers");
            assertThat(containers.size()).as("containers").isEqualTo(1);
            return containers.get(0);
        }

        /** The container's env as name to value (or to "secret:NAME/KEY" for secret references). */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (JsonNode var : container().path("env")) {
                JsonNode secret = var.path("valueFrom").path("secretKeyRef");
                String value = secret.isMissingNode()
                        ? var.path("value").asString()
                        : "secret:" + secret.path("name").asString() + "/" + secret.path("key").asString();
                assertThat(env.put(var.path("name").asString(), value)).as("env %s set twice", var.path("name")).isNull();
            }
            return env;
        }
    }
}
