package dev.escu.pssession.deploy;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;

import tools.jackson.databind.JsonNode;

/**
 * Checks rendered manifests against the Kubernetes API's own types, offline.
 * <p>
 * Built-in kinds: the official Kubernetes Java models ({@code io.kubernetes:client-java-api}), which are
 * generated from the Kubernetes OpenAPI spec. Reading a manifest with them rejects any field the spec
 * does not define and any missing required field, at every depth, and checks arrays and objects; writing
 * the model back and comparing it with the manifest then catches wrong scalar types (a boolean or a
 * number where the API takes a string, and the like), which the reader would coerce.
 * <p>
 * ServiceMonitor (a CRD): the Prometheus operator's model from fabric8 ({@code openshift-model-monitoring},
 * generated from the operator's CRD schema); fields the CRD does not define land in the model's
 * additionalProperties, which must stay empty everywhere, and the same write-back comparison applies.
 * <p>
 * A manifest of any other kind fails: every kind the chart renders must have a schema here.
 */
final class KubernetesSchemas {

    private static final Map<String, Class<?>> BUILT_IN = Map.of(
            "apps/v1/Deployment", V1Deployment.class,
            "v1/Service", V1Service.class,
            "v1/ConfigMap", V1ConfigMap.class,
            "v1/Secret", V1Secret.class,
            "v1/ServiceAccount", V1ServiceAccount.class,
            "autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy.class,
            "networking.k8s.io/v1/Ingress", V1Ingress.class);

    private static final Map<String, Class<?>> CUSTOM = Map.of(
            "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class);

    private static final ObjectMapper FABRIC8 = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private KubernetesSchemas() {
    }

    /** The problems with one manifest; empty when it is valid. */
    static List<String> problems(JsonNode manifest) {
        String type = manifest.path("apiVersion").asString() + "/" + manifest.path("kind").asString();
        String json = manifest.toString();
        try {
            if (BUILT_IN.containsKey(type)) {
                return builtIn(BUILT_IN.get(type), json);
            }
            if (CUSTOM.containsKey(type)) {
                return custom(CUSTOM.get(type), json);
            }
            return List.of("no schema for " + type);
        } catch (RuntimeException | IOException | ReflectiveOperationException e) {
            return List.of(type + ": " + e.getMessage());
        }
    }

    private static List<String> builtIn(Class<?> model, String json) throws ReflectiveOperationException {
        JsonElement original = JsonParser.parseString(json);
        // Unknown fields and missing required fields, at every depth (the reader runs this too).
        try {
            model.getMethod("validateJsonElement", JsonElement.class).invoke(null, original);
        } catch (InvocationTargetException e) {
            return List.of(e.getCause().getMessage());
        }
        Object parsed = JSON.deserialize(json, model);
        JsonElement written = JSON.getGson().toJsonTree(parsed);
        return differences("", original, written);
    }

    private static List<String> custom(Class<?> model, String json) throws IOException {
        Object parsed = FABRIC8.readValue(json, model);
        List<String> problems = new ArrayList<>();
        collectAdditionalProperties(parsed, "", problems, new IdentityHashMap<>());
        if (!problems.isEmpty()) {
            return problems;
        }
        com.fasterxml.jackson.databind.JsonNode original = FABRIC8.readTree(json);
        com.fasterxml.jackson.databind.JsonNode written = FABRIC8.valueToTree(parsed);
        if (!original.equals(written)) {
            problems.add("written back differently:\n  manifest: " + original + "\n  model:    " + written);
        }
        return problems;
    }

    private static List<String> differences(String path, JsonElement original, JsonElement written) {
        if (original.equals(written)) {
            return List.of();
        }
        if (original.isJsonObject() && written.isJsonObject()) {
            List<String> found = new ArrayList<>();
            Set<String> keys = new TreeSet<>(original.getAsJsonObject().keySet());
            keys.addAll(written.getAsJsonObject().keySet());
            for (String key : keys) {
                JsonElement a = original.getAsJsonObject().get(key);
                JsonElement b = written.getAsJsonObject().get(key);
                if (a == null && isEmpty(b)) {
                    continue; // the models start with empty lists and maps
                }
                if (a == null || b == null) {
                    found.add(path + "." + key + ": " + (a == null ? "not in the manifest" : "dropped by the model"));
                } else {
                    found.addAll(differences(path + "." + key, a, b));
                }
            }
            return found;
        }
        if (original.isJsonArray() && written.isJsonArray()
                && original.getAsJsonArray().size() == written.getAsJsonArray().size()) {
            List<String> found = new ArrayList<>();
            for (int i = 0; i < original.getAsJsonArray().size(); i++) {
                found.addAll(differences(path + "[" + i + "]", original.getAsJsonArray().get(i),
                        written.getAsJsonArray().get(i)));
            }
            return found;
        }
        return List.of(path + ": the manifest has " + original + ", the API type gives " + written);
    }

    private static boolean isEmpty(JsonElement element) {
        return element.isJsonNull()
                || element.isJsonArray() && element.getAsJsonArray().isEmpty()
                || element.isJsonObject() && element.getAsJsonObject().isEmpty();
    }

    /** Fields a fabric8 model did not know end up in additionalProperties. */
    private static void collectAdditionalProperties(Object value, String path, List<String> problems,
                                                    Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object item : collection) {
                collectAdditionalProperties(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectAdditionalProperties(v, path + "." + k, problems, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties") && fieldValue instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(k -> problems.add(path + "." + k + ": not defined by the CRD"));
                } else {
                    collectAdditionalProperties(fieldValue, path + "." + field.getName(), problems, seen);
                }
            }
        }
    }
}
