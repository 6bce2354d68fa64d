package dev.escu.pssession.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Every rendered manifest matches the Kubernetes API types; and the check itself catches mistakes. */
class KubernetesSchemasTest {

    static Stream<Arguments> renderedManifests() {
        return Stream.of(Map.entry("defaults", Chart.renderDefaults()), Map.entry("full", Chart.renderFull()))
                .flatMap(r -> r.getValue().all().stream().map(m -> Arguments.of(
                        r.getKey() + ": " + m.path("kind").asString() + " " + m.path("metadata").path("name").asString(), m)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderedManifests")
    void renderedManifestIsValid(String name, JsonNode manifest) {
        assertThat(KubernetesSchemas.problems(manifest)).as(name).isEmpty();
    }

    // The check is only worth something if it fails on wrong manifests: one mistake of each sort.

    @Test
    void refusesAnUnknownField() {
        assertRefused(d -> {
            ((ObjectNode) container(d)).put("livenesProbe", "typo");
            return d;
        }, "livenesProbe");
    }

    @Test
    void refusesAMissingRequiredField() {
        assertRefused(d -> {
            ((ObjectNode) d.path("spec")).remove("selector");
            return d;
        }, "selector");
    }

    @Test
    void refusesAWrongScalarType() {
        assertRefused(d -> {
            ObjectNode var = (ObjectNode) container(d).path("env").get(0);
            var.put("value", false);
            return d;
        }, "env[0].value");
    }

    @Test
    void refusesANumberAsAString() {
        assertRefused(d -> {
            ((ObjectNode) d.path("spec").path("template").path("spec")).put("terminationGracePeriodSeconds", "45");
            return d;
        }, "terminationGracePeriodSeconds");
    }

    @Test
    void refusesAFieldTheServiceMonitorCrdDoesNotDefine() {
        JsonNode monitor = Chart.renderFull().one("ServiceMonitor").deepCopy();
        ((ObjectNode) monitor.path("spec").path("endpoints").get(0)).put("intervall", "15s");

        assertThat(KubernetesSchemas.problems(monitor)).singleElement().asString().contains("intervall");
    }

    @Test
    void refusesAKindWithoutSchema() {
        JsonNode gateway = Chart.YAML.readTree("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: x}
                """);

        assertThat(KubernetesSchemas.problems(gateway)).containsExactly("no schema for gateway.networking.k8s.io/v1/HTTPRoute");
    }

    private static void assertRefused(Function<JsonNode, JsonNode> breakIt, String mentioned) {
        JsonNode valid = Chart.renderDefaults().one("Deployment");
        assertThat(KubernetesSchemas.problems(valid)).isEmpty();

        List<String> problems = KubernetesSchemas.problems(breakIt.apply(valid.deepCopy()));

        assertThat(problems).isNotEmpty().anySatisfy(p -> assertThat(p).contains(mentioned));
    }

    private static JsonNode container(JsonNode deployment) {
        ArrayNode containers = (ArrayNode) deployment.path("spec").path("template").path("spec").path("containers");
        return containers.get(0);
    }
}
