package dev.escu.pssession.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * values.schema.json is strict and in step with values.yaml: every value is declared, every declared
 * value has a default, and objects the chart defines refuse unknown keys.
 */
class ValuesSchemaTest {

    private static final JsonNode SCHEMA_TREE = Chart.YAML.readTree(Chart.SCHEMA.toFile());
    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
            .getSchema(SCHEMA_TREE);

    @ParameterizedTest
    @ValueSource(strings = {"values.yaml", "ci/full-values.yaml"})
    void valuesFilesMatchTheSchema(String file) {
        JsonNode values = Chart.readYaml(Chart.DIR.resolve(file));
        if (!file.equals("values.yaml")) {
            values = Chart.merge(Chart.readYaml(Chart.VALUES).deepCopy(), values);
        }
        List<Error> errors = SCHEMA.validate(values);
        assertThat(errors).as(file).isEmpty();
    }

    @Test
    void schemaRefusesUnknownAndMistypedValues() {
        ObjectNode values = (ObjectNode) Chart.readYaml(Chart.VALUES).deepCopy();
        ((ObjectNode) values.path("database")).put("host", "db");
        ((ObjectNode) values.path("probes").path("liveness")).put("periodSeconds", "10");
        values.put("replicas", 3);

        List<String> errors = SCHEMA.validate(values).stream().map(Error::toString).toList();

        assertThat(errors).hasSize(3)
                .anySatisfy(e -> assertThat(e).contains("host"))
                .anySatisfy(e -> assertThat(e).contains("periodSeconds"))
                .anySatisfy(e -> assertThat(e).contains("replicas"));
    }

    /** Every key of values.yaml and ci/full-values.yaml is declared in the schema. */
    @ParameterizedTest
    @ValueSource(strings = {"values.yaml", "ci/full-values.yaml"})
    void schemaDeclaresEveryValue(String file) {
        List<String> undeclared = new ArrayList<>();
        walkValues(Chart.readYaml(Chart.DIR.resolve(file)), SCHEMA_TREE, "", undeclared);
        assertThat(undeclared).as("values in %s that the schema does not declare", file).isEmpty();
    }

    /** Every value the schema declares has a default in values.yaml, so the two stay in step. */
    @Test
    void valuesYamlHasADefaultForEveryDeclaredValue() {
        Set<String> declared = new TreeSet<>();
        declaredPaths(SCHEMA_TREE, "", declared);
        JsonNode values = Chart.readYaml(Chart.VALUES);

        assertThat(declared).isNotEmpty().allSatisfy(path -> assertThat(values.at(path).isMissingNode())
                .as("values.yaml has %s", path).isFalse());
    }

    /** Objects that the chart itself defines (they list properties) refuse keys they do not list. */
    @Test
    void everyObjectWithPropertiesRefusesOthers() {
        List<String> open = new ArrayList<>();
        findOpenObjects(SCHEMA_TREE, "", open);
        assertThat(open).isEmpty();
    }

    private static void walkValues(JsonNode value, JsonNode schema, String path, List<String> undeclared) {
        schema = resolve(schema);
        if (value.isArray() && schema.path("items").isObject()) {
            for (int i = 0; i < value.size(); i++) {
                walkValues(value.get(i), schema.path("items"), path + "/" + i, undeclared);
            }
        }
        if (!value.isObject()) {
            return;
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            String child = path + "/" + entry.getKey();
            if (properties.has(entry.getKey())) {
                walkValues(entry.getValue(), properties.get(entry.getKey()), child, undeclared);
            } else if (additional.isObject()) {
                walkValues(entry.getValue(), additional, child, undeclared); // a map: labels, resources, ...
            } else if (!properties.isMissingNode() || additional.isBoolean() && !additional.asBoolean()) {
                undeclared.add(child);
            }
            // Otherwise a Kubernetes object passed on as it is (affinity, securityContext, ...).
        }
    }

    private static void declaredPaths(JsonNode schema, String path, Set<String> declared) {
        schema = resolve(schema);
        for (Map.Entry<String, JsonNode> entry : schema.path("properties").properties()) {
            String child = path + "/" + entry.getKey();
            declared.add(child);
            declaredPaths(entry.getValue(), child, declared);
        }
    }

    private static void findOpenObjects(JsonNode schema, String path, List<String> open) {
        if (schema.isObject()) {
            JsonNode additional = schema.path("additionalProperties");
            if (schema.path("properties").isObject() && !(additional.isBoolean() && !additional.asBoolean())) {
                open.add(path);
            }
            for (Map.Entry<String, JsonNode> entry : schema.properties()) {
                findOpenObjects(entry.getValue(), path + "/" + entry.getKey(), open);
            }
        } else if (schema.isArray()) {
            for (int i = 0; i < schema.size(); i++) {
                findOpenObjects(schema.get(i), path + "/" + i, open);
            }
        }
    }

    private static JsonNode resolve(JsonNode schema) {
        JsonNode ref = schema.path("$ref");
        return ref.isString() ? SCHEMA_TREE.at(ref.asString().substring(1)) : schema;
    }
}
