package dev.escu.pssession.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.ServiceTest;
import dev.escu.pssession.support.TestKeys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document is complete (issue 20): it is walked as a client generator or Swagger UI reads
 * it, and every gap is named, so that one run says everything that is missing.
 */
class OpenApiDocumentTest extends ServiceTest {

    private static final String SEED = "a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}]+)}");

    private JsonNode document;

    @BeforeEach
    void readTheDocument() {
        HttpApi.Response docs = api.as(null).get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        document = docs.json();
    }

    @Test
    void everyParameterIsDescribedWithAnExample() {
        List<String> gaps = new ArrayList<>();
        forEachOperation((name, operation) -> {
            for (JsonNode parameter : operation.path("parameters")) {
                String what = name + ": parameter '" + parameter.path("name").asString() + "'";
                if (parameter.path("description").asString("").isBlank()) {
                    gaps.add(what + " has no description");
                }
                if (!parameter.has("example") && !parameter.has("examples") && !parameter.path("schema").has("example")) {
                    gaps.add(what + " has no example");
                }
                if (!parameter.has("schema") && !parameter.has("content")) {
                    gaps.add(what + " has no schema");
                }
            }
        });
        assertThat(gaps).as("parameters of /v3/api-docs without a description or an example").isEmpty();
    }

    /** Swagger UI's "Try it out" fills every parameter with its example: together they must make a valid request. */
    @Test
    void theExamplesOfEachReadAreAValidRequest() {
        List<String> refused = new ArrayList<>();
        forEachOperation((name, operation) -> {
            String path = name.substring(name.indexOf(' ') + 1);
            if (!name.startsWith("GET ") || !path.startsWith("/api/")) {
                return;
            }
            StringBuilder query = new StringBuilder();
            for (JsonNode parameter : operation.path("parameters")) {
                if (parameter.path("in").asString().equals("query") && parameter.has("example")) {
                    query.append(query.isEmpty() ? "?" : "&").append(parameter.path("name").asString()).append('=')
                            .append(java.net.URLEncoder.encode(parameter.path("example").asString(),
                                    java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            HttpApi.Response answer = api.get(fill(path, operation) + query);
            // 404: the example's id names nothing in this empty database, which is not the example's fault
            if (answer.status() != 200 && answer.status() != 404) {
                refused.add(name + query + " -> " + answer.status() + " " + answer.body());
            }
        });
        assertThat(refused).as("reads whose documented examples are refused").isEmpty();
    }

    @Test
    void everyOperationDocumentsTheErrorsItCanAnswerWithTheirBodies() {
        List<String> gaps = new ArrayList<>();
        forEachOperation((name, operation) -> {
            String path = name.substring(name.indexOf(' ') + 1);
            boolean hec = path.startsWith("/services/collector");
            JsonNode responses = operation.path("responses");
            for (String code : applicableErrors(path, operation)) {
                if (!responses.has(code)) {
                    gaps.add(name + " does not document its " + code + " answer");
                }
            }
            responses.properties().forEach(entry -> {
                if (entry.getKey().startsWith("4") || entry.getKey().startsWith("5")) {
                    String mediaType = hec ? "application/json" : "application/problem+json";
                    String schema = hec ? "HecAnswer" : "Problem";
                    JsonNode content = entry.getValue().path("content");
                    if (!content.path(mediaType).path("schema").path("$ref").asString("")
                            .equals("#/components/schemas/" + schema)) {
                        gaps.add(name + ": its " + entry.getKey() + " answer is not " + mediaType + " with the " + schema
                                + " schema (it is " + content + ")");
                    }
                    if (content.size() != 1) {
                        gaps.add(name + ": its " + entry.getKey() + " answer names other media types than " + mediaType);
                    }
                }
            });
        });
        assertThat(gaps).as("error answers missing from /v3/api-docs").isEmpty();
    }

    @Test
    void successfulAnswersAreTypedAndTheirStatusesAreTheRealOnes() {
        List<String> gaps = new ArrayList<>();
        forEachOperation((name, operation) -> {
            JsonNode responses = operation.path("responses");
            if (responses.properties().stream().noneMatch(entry -> entry.getKey().startsWith("2"))) {
                gaps.add(name + " documents no successful answer");
            }
            responses.properties().forEach(entry -> {
                String code = entry.getKey();
                if (!code.startsWith("2")) {
                    return;
                }
                JsonNode content = entry.getValue().path("content");
                if (code.equals("204")) {
                    if (!content.isMissingNode() && !content.isEmpty()) {
                        gaps.add(name + ": its 204 answer has a body");
                    }
                    return;
                }
                if (content.isMissingNode() || content.isEmpty()) {
                    gaps.add(name + ": its " + code + " answer has no content");
                }
                content.properties().forEach(media -> {
                    String type = media.getKey();
                    if (type.equals("*/*")) {
                        gaps.add(name + ": its " + code + " answer is */* instead of a media type");
                    } else if (type.endsWith("json")) {
                        JsonNode schema = media.getValue().path("schema");
                        if (schema.isMissingNode()) {
                            gaps.add(name + ": its " + code + " " + type + " answer has no schema");
                        } else if (!typed(schema)) {
                            gaps.add(name + ": its " + code + " " + type + " answer is an untyped " + schema);
                        } else if (!typed(resolve(schema).path("properties").path("results").path("items"))) {
                            gaps.add(name + ": the rows of its " + code + " answer are untyped");
                        }
                    } else if (media.getValue().path("schema").isMissingNode()) {
                        gaps.add(name + ": its " + code + " " + type + " answer has no schema");
                    }
                });
                if (code.equals("201") && !entry.getValue().path("headers").has("Location")) {
                    gaps.add(name + ": its 201 answer does not name the Location header");
                }
            });
            if (name.startsWith("DELETE") && (!responses.has("204") || responses.has("200"))) {
                gaps.add(name + " does not answer 204 (No Content) alone: " + responses.propertyNames());
            }
            if (responses.has("201") && responses.has("200")) {
                gaps.add(name + " documents both 200 and 201");
            }
        });
        assertThat(gaps).as("successful answers of /v3/api-docs that are untyped or not as they really are").isEmpty();
    }

    @Test
    void creatingAndDeletingAFilterAnswerAsDocumented() {
        JsonNode create = operation("post", "/api/v1/detections/{id}/filters");
        JsonNode delete = operation("delete", "/api/v1/detections/{id}/filters/{filterId}");
        assertThat(create.path("operationId").asString()).isEqualTo("createFilter");
        assertThat(create.path("responses").propertyNames()).contains("201").doesNotContain("200");
        assertThat(delete.path("operationId").asString()).isEqualTo("deleteFilter");
        assertThat(delete.path("responses").propertyNames()).contains("204").doesNotContain("200");

        HttpApi.Response created = api.post("/api/v1/detections/" + SEED + "/filters", "application/json",
                "{\"conditions\": {\"dest\": \"ADMIN-JUMP-*\"}, \"reason\": \"jump hosts\"}");
        assertThat(created.status()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("/api/v1/detections/" + SEED + "/filters/" + created.json().get("id").asString());
        assertThat(api.get(location).status()).isEqualTo(200);
        assertThat(api.send("DELETE", location, null, null).status()).isEqualTo(204);
    }

    @Test
    void everyReferenceResolvesAndOperationIdsAreUnique() {
        List<String> gaps = new ArrayList<>();
        collectReferences(document, "", gaps);
        Map<String, String> ids = new LinkedHashMap<>();
        forEachOperation((name, operation) -> {
            String id = operation.path("operationId").asString("");
            if (id.isBlank()) {
                gaps.add(name + " has no operationId");
            } else if (ids.containsKey(id)) {
                gaps.add(name + " has the operationId '" + id + "' of " + ids.get(id));
            } else {
                ids.put(id, name);
            }
        });
        assertThat(gaps).as("broken references and operation ids of /v3/api-docs").isEmpty();
    }

    /** What the document says of each operation's security is what the service does to a request without a key. */
    @Test
    void securedOperationsShowTheLockAndOpenOnesDoNot() {
        List<String> gaps = new ArrayList<>();
        HttpApi anonymous = api.as(null);
        boolean securedByDefault = !document.path("security").isEmpty();
        forEachOperation((name, operation) -> {
            String method = name.substring(0, name.indexOf(' '));
            String path = name.substring(name.indexOf(' ') + 1);
            boolean documented = operation.has("security") ? !operation.path("security").isEmpty() : securedByDefault;
            int status = anonymous.send(method, fill(path, operation), null, null).status();
            if (documented && status != 401) {
                gaps.add(name + " shows a lock, but answers " + status + " without a key");
            }
            if (!documented && status == 401) {
                gaps.add(name + " shows no lock, but refuses a request without a key");
            }
        });
        assertThat(gaps).as("operations whose documented security is not the real one").isEmpty();
        assertThat(operation("get", "/services/collector/health").path("security").isEmpty()).isTrue();
        assertThat(operation("get", "/api/v1/findings").path("responses").propertyNames()).contains("401", "403");
    }

    /** The schemas describe the answers as they are: real answers of each kind validate against them. */
    @Test
    void realAnswersMatchTheirSchemas() {
        HttpApi.Response ingested = api.post("/api/v1/events", "application/xml",
                HttpApi.resource("samples/powershell-4104.xml"));
        long findingId = jdbc.queryForObject("SELECT min(id) FROM finding WHERE detection_id = ?", Long.class, SEED);
        HttpApi.Response filter = api.post("/api/v1/detections/" + SEED + "/filters", "application/json",
                "{\"conditions\": {\"dest\": \"ADMIN-JUMP-*\"}, \"reason\": \"jump hosts\"}");
        String filterId = filter.json().get("id").asString();
        Map<String, HttpApi.Response> answers = new LinkedHashMap<>();
        answers.put("post /api/v1/events 200", ingested);
        answers.put("post /api/v1/detections/{id}/filters 201", filter);
        for (String get : List.of("/api/v1/findings", "/api/v1/findings/" + findingId, "/api/v1/findings/" + findingId + "/results",
                "/api/v1/findings/" + findingId + "/risk-summary?hours=87600",
                "/api/v1/detections/" + SEED + "/results?dest=BUILD-AGENT-4",
                "/api/v1/risk/summary?object=BUILD-AGENT-4&hours=87600", "/api/v1/risk/events",
                "/api/v1/detections?status=all", "/api/v1/detections/" + SEED, "/api/v1/detections/" + SEED + "/filters",
                "/api/v1/detections/" + SEED + "/filters/" + filterId)) {
            String template = get.replaceFirst("\\?.*", "").replace(SEED, "{id}").replace(filterId, "{filterId}")
                    .replaceFirst("/findings/\\d+", "/findings/{findingId}");
            answers.put("get " + template + " 200", api.get(get));
        }
        answers.put("get /api/v1/findings 400", api.get("/api/v1/findings?size=0"));
        answers.put("get /api/v1/findings/{findingId} 404", api.get("/api/v1/findings/999999999"));
        answers.put("post /api/v1/detections/reload 403",
                api.as("Bearer " + TestKeys.ANALYST).post("/api/v1/detections/reload", null, ""));
        answers.put("post /services/collector/event 401", api.as(null).post("/services/collector/event", null, "{}"));

        List<String> mismatches = new ArrayList<>();
        answers.forEach((key, answer) -> {
            String[] parts = key.split(" ");
            JsonNode responses = operation(parts[0], parts[1]).path("responses");
            assertThat(answer.status()).as(key + ": " + answer.body()).isEqualTo(Integer.parseInt(parts[2]));
            JsonNode content = responses.path(parts[2]).path("content");
            String type = answer.headers().firstValue("Content-Type").orElse("").replaceFirst(";.*", "");
            JsonNode schema = content.path(type).path("schema");
            if (schema.isMissingNode()) {
                mismatches.add(key + ": the document has no " + type + " schema for it");
                return;
            }
            // the whole document as the schema's root, so that its $refs to components resolve
            ObjectNode root = (ObjectNode) document.deepCopy();
            root.setAll((ObjectNode) schema.deepCopy());
            Schema validator = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(root);
            validator.validate(answer.json()).forEach(error -> mismatches.add(key + ": " + error));
        });
        assertThat(mismatches).as("answers that do not match their documented schema").isEmpty();
    }

    // --- walking the document ---

    private interface OperationVisitor {
        void visit(String name, JsonNode operation);
    }

    /** Each operation, named "METHOD /path". */
    private void forEachOperation(OperationVisitor visitor) {
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            if (METHODS.contains(method.getKey())) {
                visitor.visit(method.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(), method.getValue());
            }
        }));
    }

    private JsonNode operation(String method, String path) {
        JsonNode operation = document.path("paths").path(path).path(method.toLowerCase(java.util.Locale.ROOT));
        assertThat(operation.isMissingNode()).as("%s %s in the document", method, path).isFalse();
        return operation;
    }

    /**
     * The error answers an operation can give: 400 for a parameter or body it cannot use (and on /api/,
     * for a query parameter it does not take), 401 and 403 when it needs a key, 404 for an id in its
     * path, 413 and 415 for a body (HEC reads any Content-Type, as Splunk does).
     */
    private List<String> applicableErrors(String path, JsonNode operation) {
        boolean body = operation.has("requestBody");
        boolean parameters = !operation.path("parameters").isEmpty();
        boolean secured = operation.has("security") ? !operation.path("security").isEmpty()
                : !document.path("security").isEmpty();
        List<String> codes = new ArrayList<>();
        if (body || parameters || path.startsWith("/api/")) {
            codes.add("400");
        }
        if (secured) {
            codes.addAll(List.of("401", "403"));
        }
        if (path.contains("{")) {
            codes.add("404");
        }
        if (body) {
            codes.add("413");
            if (!path.startsWith("/services/collector")) {
                codes.add("415");
            }
        }
        return codes;
    }

    /** A schema is typed when it says what it holds: properties, a composition, or a type other than a bare object. */
    private boolean typed(JsonNode schema) {
        if (schema.isMissingNode()) {
            return true; // nothing to check (a response that is not a list)
        }
        JsonNode resolved = resolve(schema);
        if (resolved.has("properties") || resolved.has("oneOf") || resolved.has("anyOf") || resolved.has("allOf")) {
            return true;
        }
        String type = resolved.path("type").isArray() ? resolved.path("type").get(0).asString("")
                : resolved.path("type").asString("");
        return !type.isEmpty() && !type.equals("object")
                && (!type.equals("array") || typed(resolved.path("items")));
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        return ref.startsWith("#/components/schemas/")
                ? document.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()))
                : schema;
    }

    /** Every $ref in the document, each of which must name a component that exists. */
    private void collectReferences(JsonNode node, String where, List<String> gaps) {
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                if (entry.getKey().equals("$ref")) {
                    String ref = entry.getValue().asString("");
                    JsonNode target = document.at(ref.startsWith("#") ? ref.substring(1) : "/missing");
                    if (target.isMissingNode()) {
                        gaps.add(where + " refers to " + ref + ", which the document does not hold");
                    }
                } else {
                    collectReferences(entry.getValue(), where + "/" + entry.getKey(), gaps);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectReferences(node.get(i), where + "/" + i, gaps);
            }
        }
    }

    /** The path with each variable replaced by its documented example. */
    private static String fill(String path, JsonNode operation) {
        Map<String, String> examples = new LinkedHashMap<>();
        for (JsonNode parameter : operation.path("parameters")) {
            examples.put(parameter.path("name").asString(), parameter.path("example").asString("x"));
        }
        Matcher matcher = PATH_VARIABLE.matcher(path);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(filled, Matcher.quoteReplacement(examples.getOrDefault(matcher.group(1), "x")));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }
}
