package dev.escu.pssession.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

/**
 * Completes the OpenAPI document where annotations would repeat themselves on every operation: the
 * error answers each operation can give, as problem details (on the HEC paths, Splunk's own
 * bodies); a description and an example for the parameters that recur (page, size, dest, ...);
 * the CSV download of lists ({@code output_mode} and the {@code text/csv} content). What an
 * operation's own annotations say always wins.
 */
@Component
class OpenApiDefaults implements OpenApiCustomizer {

    static final String PROBLEM = "Problem";
    static final String HEC_ANSWER = "HecAnswer";
    static final String PROBLEM_JSON = "application/problem+json";
    static final String SEED_DETECTION = "a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af";

    /** The body of every error answer outside HEC (RFC 9457), as the document shows it. */
    @io.swagger.v3.oas.annotations.media.Schema(name = PROBLEM, additionalProperties =
            io.swagger.v3.oas.annotations.media.Schema.AdditionalPropertiesValue.TRUE,
            description = "An error, as RFC 9457 problem details (application/problem+json)")
    record ProblemBody(
            @io.swagger.v3.oas.annotations.media.Schema(description = "a stable URI naming the kind of problem",
                    format = "uri", example = ApiProblem.TYPE_BASE + "invalid-parameter") String type,
            @io.swagger.v3.oas.annotations.media.Schema(example = "Invalid parameter") String title,
            @io.swagger.v3.oas.annotations.media.Schema(description = "the HTTP status", example = "400") int status,
            @io.swagger.v3.oas.annotations.media.Schema(description = "what went wrong, and what to do instead")
            String detail,
            @io.swagger.v3.oas.annotations.media.Schema(description = "the request's path", format = "uri-reference",
                    example = "/api/v1/findings") String instance,
            @io.swagger.v3.oas.annotations.media.Schema(description = "for parameters or body fields that cannot be used: "
                    + "each one, with the value given and why") List<ProblemError> errors) {
    }

    /** One parameter or body field that cannot be used. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "ProblemError")
    record ProblemError(
            @io.swagger.v3.oas.annotations.media.Schema(description = "the parameter or field", example = "size") String name,
            @io.swagger.v3.oas.annotations.media.Schema(description = "the value given, when there was one", example = "0")
            Object value,
            @io.swagger.v3.oas.annotations.media.Schema(example = "must be greater than or equal to 1") String reason) {
    }

    /** Splunk HEC's answer ({@link HecResponse#json()}), for success and errors alike. */
    @io.swagger.v3.oas.annotations.media.Schema(name = HEC_ANSWER,
            description = "Splunk HTTP Event Collector's answer: its text and code, as Splunk writes them")
    record HecAnswer(
            @io.swagger.v3.oas.annotations.media.Schema(example = "Success") String text,
            @io.swagger.v3.oas.annotations.media.Schema(description = "HEC's status code", example = "0") int code,
            @JsonProperty("invalid-event-number") @io.swagger.v3.oas.annotations.media.Schema(
                    description = "the 0-based position of the envelope that failed") Integer invalidEventNumber) {
    }

    /** A description and an example for a parameter that has neither. */
    private record Described(String description, Object example) {
    }

    /** Parameters by name, as every operation that takes them means them. */
    private static final Map<String, Described> PARAMETERS = Map.ofEntries(
            Map.entry("id", new Described("the detection's id", SEED_DETECTION)),
            Map.entry("detection", new Described("only this detection's findings (its id)", SEED_DETECTION)),
            Map.entry("findingId", new Described("the finding's id (`finding_id` in the findings list)", 1)),
            Map.entry("filterId", new Described("the tuning filter's id", "0b6c7a52-5d8e-4a8e-9a51-3a0f3f0d9c11")),
            Map.entry("scriptBlockId", new Described("the ScriptBlockId of its 4104 events",
                    "0e4f6a8b-1c2d-4e3f-8a9b-0c1d2e3f4a5b")),
            Map.entry("page", new Described("page number, 0-based (up to row 100,000; walk longer lists with `after`)", 0)),
            Map.entry("size", new Described("rows per page", 100)),
            Map.entry("limit", new Described("events per page", 100)),
            Map.entry("hours", new Described("look back this many hours (Splunk's starthoursago)", 168)),
            Map.entry("dest", new Described("dest, compared case-insensitively", "LAPTOP-ADM-11.contoso.local")),
            Map.entry("object", new Described("a risk object, e.g. a dest (case-insensitive)", "LAPTOP-ADM-11.contoso.local")),
            Map.entry("earliest", new Described("epoch seconds or ISO-8601 (inclusive)", "1772409600")),
            Map.entry("latest", new Described("epoch seconds or ISO-8601 (exclusive)", "2026-03-03T00:00:00Z")),
            Map.entry("since", new Described("epoch seconds or ISO-8601", "2026-03-02T00:00:00Z")),
            Map.entry("status", new Described("running, skipped or all", "running")),
            Map.entry("type", new Described("detection type, e.g. TTP, Anomaly, Hunting", "TTP")),
            Map.entry("mitre", new Described("MITRE ATT&CK technique or its parent", "T1021.006")),
            Map.entry("q", new Described("words to look for", "PowerShell")),
            Map.entry("host", new Described("host: fallback for dest (as Splunk HEC)", "LAPTOP-ADM-11.contoso.local")),
            Map.entry("source", new Described("source for events that carry none (as Splunk HEC)",
                    "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational")),
            Map.entry("sourcetype", new Described("sourcetype for events that carry none", "XmlWinEventLog")));

    /** The error answers the document names, with what each means here. */
    private static final Map<String, String> ERRORS = Map.of(
            "400", "A parameter or the body cannot be used (the problem names each, in `errors`), or a query parameter "
                    + "the operation does not take",
            "401", "No API key or token, or one that is not valid",
            "403", "The key's role may not do this: ingest posts events, analyst reads, admin tunes and manages detections",
            "404", "Nothing has this id",
            "413", "The body is too large",
            "415", "The body's Content-Type or Content-Encoding is not one this operation reads");

    /** The same codes on the HEC paths, in HEC's words. */
    private static final Map<String, String> HEC_ERRORS = Map.of(
            "400", "HEC codes 5 (no data) and 6 (invalid data format)",
            "401", "HEC codes 2 (token is required) and 3 (invalid authorization)",
            "403", "HEC code 4: invalid token, or one whose role may not post events",
            "413", "The body is too large (code 6)");

    @Override
    public void customise(OpenAPI openApi) {
        Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
        openApi.setComponents(components);
        ModelConverters converters = ModelConverters.getInstance(true);
        for (Class<?> type : List.of(ProblemBody.class, HecAnswer.class)) {
            converters.readAll(type).forEach(components::addSchemas);
        }
        if (components.getSchemas() != null) {
            // the Java type of a streamed download; the document shows the CSV it writes instead
            components.getSchemas().remove("StreamingResponseBody");
        }
        boolean securedByDefault = openApi.getSecurity() != null && !openApi.getSecurity().isEmpty();
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                complete(path, method, operation, securedByDefault)));
    }

    private static void complete(String path, PathItem.HttpMethod method, Operation operation, boolean securedByDefault) {
        boolean hec = HecResponse.isHecPath(path);
        if (operation.getParameters() != null) {
            operation.getParameters().forEach(OpenApiDefaults::describe);
        }
        ApiResponses responses = operation.getResponses();
        csv(operation, responses);
        boolean secured = operation.getSecurity() == null ? securedByDefault : !operation.getSecurity().isEmpty();
        boolean body = operation.getRequestBody() != null;
        boolean parameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
        List<String> codes = new ArrayList<>();
        // every /api operation refuses a query parameter it does not take (KnownParameters)
        if (parameters || body || path.startsWith("/api/")) {
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
            if (!hec) {
                codes.add("415"); // HEC reads any Content-Type, as Splunk does
            }
        }
        for (String code : codes) {
            if (!responses.containsKey(code)) {
                responses.addApiResponse(code, new ApiResponse().description((hec ? HEC_ERRORS : ERRORS).get(code)));
            }
        }
        responses.forEach((code, response) -> {
            if (hec) {
                hecContent(response);
            } else if (code.startsWith("4") || code.startsWith("5")) {
                problemContent(code, path, response);
            }
        });
        // the answers in the order of their codes, as readers look them up
        ApiResponses sorted = new ApiResponses();
        responses.keySet().stream().sorted().forEach(code -> sorted.addApiResponse(code, responses.get(code)));
        operation.setResponses(sorted);
    }

    /** A parameter without a description or an example gets those of its name; one with a default shows it. */
    private static void describe(Parameter parameter) {
        Described known = PARAMETERS.get(parameter.getName());
        if (parameter.getSchema() == null) {
            parameter.setSchema(new StringSchema());
        }
        if (parameter.getDescription() == null && known != null) {
            parameter.setDescription(known.description());
        }
        if (parameter.getExample() == null && parameter.getExamples() == null) {
            Object fallback = parameter.getSchema().getDefault() != null ? parameter.getSchema().getDefault()
                    : known == null ? null : known.example();
            if (fallback != null) {
                parameter.setExample(fallback);
            }
        }
    }

    /** A list that also downloads as CSV: its text/csv content, and Splunk's output_mode. */
    private static void csv(Operation operation, ApiResponses responses) {
        ApiResponse ok = responses.get("200");
        if (ok == null || ok.getContent() == null || !ok.getContent().containsKey(CsvRows.TEXT_CSV_VALUE)) {
            return;
        }
        ok.getContent().put(CsvRows.TEXT_CSV_VALUE, new MediaType().schema(new StringSchema()
                .description("the rows as CSV: a header of the column names, in the JSON rows' order, then one line per "
                        + "row (RFC 4180 quoting; a multivalue field as its values on lines of one cell); every row, "
                        + "not a page")));
        ok.setDescription((ok.getDescription() == null || "OK".equals(ok.getDescription()) ? "The rows"
                : ok.getDescription()) + "; as CSV with `Accept: text/csv` or `output_mode=csv`");
        boolean declared = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> KnownParameters.OUTPUT_MODE.equals(p.getName()));
        if (!declared) {
            Schema<String> modes = new StringSchema();
            modes.setEnum(List.of(KnownParameters.CSV, KnownParameters.JSON));
            operation.addParametersItem(new Parameter().in("query").name(KnownParameters.OUTPUT_MODE).required(false)
                    .description("csv: download every row as CSV, as `Accept: text/csv` does (page, size and after then "
                            + "do not apply); json: the JSON answer, as without it (Splunk's output_mode)")
                    .schema(modes).example(KnownParameters.JSON));
        }
    }

    /** An error answer outside HEC: a problem, whatever the annotation said of its body. */
    private static void problemContent(String code, String path, ApiResponse response) {
        MediaType problem = response.getContent() == null ? null : response.getContent().get(PROBLEM_JSON);
        if (problem == null) {
            problem = new MediaType();
        }
        if (problem.getSchema() == null) {
            problem.setSchema(new Schema<>().$ref(PROBLEM));
        }
        if (problem.getExample() == null && problem.getExamples() == null) {
            problem.setExample(example(code, path, response.getDescription()));
        }
        response.setContent(new Content().addMediaType(PROBLEM_JSON, problem));
        if (response.getDescription() == null || response.getDescription().isBlank()) {
            response.setDescription(ERRORS.getOrDefault(code, HttpStatus.valueOf(Integer.parseInt(code)).getReasonPhrase()));
        }
    }

    private static Map<String, Object> example(String code, String path, String description) {
        HttpStatus status = HttpStatus.valueOf(Integer.parseInt(code));
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", ApiProblem.TYPE_BASE + switch (code) {
            case "400" -> "invalid-parameter";
            case "413" -> "body-too-large";
            default -> ApiProblem.statusType(status.value());
        });
        example.put("title", "400".equals(code) ? "Invalid parameter" : status.getReasonPhrase());
        example.put("status", status.value());
        example.put("detail", "400".equals(code) ? "Parameter 'size' must be greater than or equal to 1 (given: 0)."
                : description == null ? status.getReasonPhrase() + "." : description + ".");
        example.put("instance", path);
        if ("400".equals(code)) {
            example.put("errors", List.of(ApiProblem.error("size", 0, "must be greater than or equal to 1")));
        }
        return example;
    }

    /** A HEC answer, success or error: Splunk's {"text", "code"} body. */
    private static void hecContent(ApiResponse response) {
        MediaType json = new MediaType().schema(new Schema<>().$ref(HEC_ANSWER));
        response.setContent(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE, json));
    }
}
