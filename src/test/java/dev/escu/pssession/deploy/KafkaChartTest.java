package dev.escu.pssession.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The chart's Kafka values (ci/kafka-values.yaml): schema, strict lint, the application.yml and
 * environment they render, the Deployment left to KEDA, and the KEDA ScaledObject checked against
 * the ScaledObject CRD's schema. With the default values nothing of Kafka renders (ChartRenderTest).
 */
class KafkaChartTest {

    private static final Path KAFKA_VALUES = Chart.DIR.resolve("ci").resolve("kafka-values.yaml");
    private static final Schema VALUES_SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
            .getSchema(Chart.YAML.readTree(Chart.SCHEMA.toFile()));
    private static final Schema SCALED_OBJECT_SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
            .getSchema(Chart.YAML.readTree(KafkaChartTest.class.getResourceAsStream("/deploy/keda-scaledobject.schema.json")));

    private final Chart.Manifests rendered = Chart.render(c -> c.withValuesFile(KAFKA_VALUES));

    @Test
    void kafkaValuesMatchTheSchemaAndPassStrictLint(@TempDir Path dir) {
        JsonNode values = Chart.merge(Chart.readYaml(Chart.VALUES).deepCopy(), Chart.readYaml(KAFKA_VALUES));
        assertThat(VALUES_SCHEMA.validate(values)).isEmpty();

        LintResult lint = new Helm(Chart.copyWithValues(dir.resolve("pssession-detector"), KAFKA_VALUES)).lint().strict().call();
        assertThat(lint.isFailed()).as("lint: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).allMatch(m -> m.startsWith("[INFO]"));
    }

    @Test
    void schemaRefusesAnUnknownFormatAndAMisspeltKey() {
        ObjectNode values = (ObjectNode) Chart.merge(Chart.readYaml(Chart.VALUES).deepCopy(), Chart.readYaml(KAFKA_VALUES));
        ((ObjectNode) values.path("kafka").path("topics").get(0)).put("format", "csv");
        ((ObjectNode) values.path("kafka").path("keda")).put("lagTreshold", 10);

        List<String> errors = VALUES_SCHEMA.validate(values).stream().map(Object::toString).toList();

        assertThat(errors).hasSize(2).anySatisfy(e -> assertThat(e).contains("format"))
                .anySatisfy(e -> assertThat(e).contains("lagTreshold"));
    }

    @Test
    void writesTheIntakeIntoApplicationYamlAndTheSaslSecretIntoTheEnvironment() {
        JsonNode app = Chart.YAML.readTree(rendered.one("ConfigMap").path("data").path("application.yml").asString());
        JsonNode kafka = app.path("pssession").path("kafka");
        assertThat(kafka.path("enabled").asBoolean()).isTrue();
        assertThat(strings(kafka.path("topics"))).containsExactly("windows-powershell:json", "windows-powershell-xml:xml");
        assertThat(kafka.path("group-id").asString()).isEqualTo("pssession-detector-prod");
        assertThat(kafka.path("concurrency").asInt()).isEqualTo(2);
        assertThat(kafka.path("format-header").asString()).isEqualTo("content-type");
        assertThat(kafka.path("dead-letter-topic").asString()).isEqualTo("pssession.dead-letters");
        JsonNode spring = app.path("spring").path("kafka");
        assertThat(spring.path("bootstrap-servers").asString())
                .isEqualTo("kafka-0.kafka.streaming.svc:9092,kafka-1.kafka.streaming.svc:9092");
        assertThat(spring.path("consumer").path("max-poll-records").asInt()).isEqualTo(5000);
        assertThat(spring.path("security").path("protocol").asString()).isEqualTo("SASL_SSL");
        assertThat(spring.path("properties").path("sasl.mechanism").asString()).isEqualTo("SCRAM-SHA-512");
        // the other settings are still there
        assertThat(app.path("pssession").path("risk").path("window").asString()).isEqualTo("1h");

        assertThat(rendered.env()).contains(entry("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "secret:kafka-credentials/jaas"));
    }

    @Test
    void kedaScalesTheDeploymentOnTheGroupsLagPerTopic() {
        assertThat(rendered.one("Deployment").path("spec").has("replicas")).as("KEDA owns the replica count").isFalse();
        assertThat(rendered.has("HorizontalPodAutoscaler")).isFalse();
        JsonNode scaled = rendered.one("ScaledObject");
        assertThat(SCALED_OBJECT_SCHEMA.validate(scaled)).isEmpty();
        JsonNode spec = scaled.path("spec");
        assertThat(spec.path("scaleTargetRef").path("kind").asString()).isEqualTo("Deployment");
        assertThat(spec.path("scaleTargetRef").path("name").asString()).isEqualTo(Chart.FULLNAME);
        assertThat(spec.path("minReplicaCount").asInt()).isEqualTo(2);
        assertThat(spec.path("maxReplicaCount").asInt()).isEqualTo(12);
        List<String> triggers = new ArrayList<>();
        for (JsonNode trigger : spec.path("triggers")) {
            JsonNode m = trigger.path("metadata");
            triggers.add(trigger.path("type").asString() + " " + m.path("topic").asString() + " " + m.path("consumerGroup").asString()
                    + " " + m.path("lagThreshold").asString() + " " + trigger.path("authenticationRef").path("name").asString());
            assertThat(m.path("bootstrapServers").asString()).startsWith("kafka-0.kafka.streaming.svc:9092");
        }
        assertThat(triggers).containsExactly(
                "kafka windows-powershell pssession-detector-prod 50000 kafka-keda-auth",
                "kafka windows-powershell-xml pssession-detector-prod 50000 kafka-keda-auth");
        // every other manifest against the Kubernetes API types
        rendered.all().stream().filter(m -> !m.path("kind").asString().equals("ScaledObject"))
                .forEach(m -> assertThat(KubernetesSchemas.problems(m)).as(m.path("kind").asString()).isEmpty());
    }

    @Test
    void theScaledObjectCheckRefusesANumberWhereKedaTakesAString() {
        ObjectNode scaled = (ObjectNode) rendered.one("ScaledObject").deepCopy();
        ((ObjectNode) scaled.path("spec").path("triggers").get(0).path("metadata")).put("lagThreshold", 50000);
        ((ObjectNode) scaled.path("spec")).put("maxReplicas", 3);

        List<String> errors = SCALED_OBJECT_SCHEMA.validate(scaled).stream().map(Object::toString).toList();

        assertThat(errors).anySatisfy(e -> assertThat(e).contains("lagThreshold"))
                .anySatisfy(e -> assertThat(e).contains("maxReplicas"));
    }

    @Test
    void refusesKedaBesideTheCpuAutoscalerAndAnIntakeWithoutTopics() {
        assertThatThrownBy(() -> Chart.render(c -> c.withValuesFile(KAFKA_VALUES).set("autoscaling.enabled", "true")))
                .hasMessageContaining("enable one of them");
        assertThatThrownBy(() -> Chart.render(c -> c.set("kafka.enabled", "true")
                .set("kafka.bootstrapServers", "kafka:9092")))
                .hasMessageContaining("kafka.topics");
    }

    @Test
    void withoutKedaTheReplicaCountStaysAndNoScaledObjectRenders() {
        Chart.Manifests plain = Chart.render(c -> c.withValuesFile(KAFKA_VALUES).set("kafka.keda.enabled", "false"));
        assertThat(plain.has("ScaledObject")).isFalse();
        assertThat(plain.one("Deployment").path("spec").path("replicas").asInt()).isEqualTo(2);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }
}
