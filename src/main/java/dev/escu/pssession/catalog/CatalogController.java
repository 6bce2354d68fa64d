package dev.escu.pssession.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.escu.pssession.detection.RunningDetections;
import dev.escu.pssession.detection.escu.EscuDetection;
import dev.escu.pssession.detection.escu.SkippedDetection;
import dev.escu.pssession.web.ApiProblem;
import dev.escu.pssession.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

@RestController
@Tag(name = "Detections", description = "The detections this service runs, and those it skips with their reasons")
class CatalogController {

    /** The largest ESCU document a client may post (Splunk's own files are a few kilobytes). */
    static final int MAX_DOCUMENT_BYTES = 1 << 20;

    private final DetectionCatalog catalog;

    CatalogController(DetectionCatalog catalog) {
        this.catalog = catalog;
    }

    /** A page of the catalogue. */
    record CatalogPage(@ArraySchema(schema = @Schema(implementation = CatalogSchemas.CatalogRow.class))
                       List<CatalogSchemas.Row> results,
                       @Schema(description = "this page's number (0-based)") int page,
                       @Schema(description = "rows per page") int size,
                       @Schema(description = "rows in the whole list") int total,
                       @Schema(description = "when the running set was read (ISO-8601)") String loadedAt) {
    }

    /** What a reload read. */
    record Reloaded(@Schema(description = "detections that run", example = "2") int running,
                    @Schema(description = "content files that do not run", example = "0") int skipped,
                    @Schema(description = "when the running set was read (ISO-8601)") String loadedAt) {
    }

    @GetMapping("/api/v1/detections")
    @Operation(operationId = "listDetections", summary = "The catalogue: running detections, or the skipped ones with their reasons",
            description = "Running detections (id, name, version, type, source file, MITRE, stories, rba), sorted by name "
                    + "then id; with status=skipped the content files that do not run, each with its file, id, name, reason "
                    + "and the position in its search; status=all lists both. type, mitre (a technique id or its parent, "
                    + "e.g. T1021) and q (words in the id, name or description; for skipped ones also the file and reason) "
                    + "narrow the list.")
    // named here, not only by the return type, so that springdoc also registers the row schema the page refers to
    @ApiResponse(responseCode = "200", description = "A page of the catalogue",
            content = @Content(schema = @Schema(implementation = CatalogPage.class)))
    CatalogPage list(@Parameter(description = "running (default), skipped or all",
                             schema = @Schema(allowableValues = {"running", "skipped", "all"}, defaultValue = "running"))
                     @RequestParam(defaultValue = "running") String status,
                             @Parameter(description = "detection type, e.g. TTP, Anomaly, Hunting") @RequestParam(required = false) String type,
                             @Parameter(description = "MITRE ATT&CK technique, e.g. T1021.006 or T1021") @RequestParam(required = false) String mitre,
                             @Parameter(description = "text to look for") @RequestParam(required = false) String q,
                             @RequestParam(defaultValue = "0") @Min(0) int page,
                             @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int size) {
        Paging paging = Paging.of(page, size);
        RunningDetections running = catalog.current();
        List<CatalogSchemas.Row> rows = new ArrayList<>();
        switch (status.toLowerCase(Locale.ROOT)) {
            case "running" -> rows.addAll(runningRows(running, type, mitre, q));
            case "skipped" -> rows.addAll(skippedRows(running, q));
            case "all" -> {
                rows.addAll(runningRows(running, type, mitre, q));
                rows.addAll(skippedRows(running, q));
            }
            default -> throw ApiProblem.badParameter("status", status, "status: '" + status + "' is not one of running, skipped, all.");
        }
        return new CatalogPage(paging.cut(rows), page, size, rows.size(), catalog.loadedAt().toString());
    }

    @GetMapping("/api/v1/detections/{id}")
    @Operation(operationId = "getDetection", summary = "One running detection, with its search",
            description = "Everything the catalogue lists, and the description, the search as written, the result "
                    + "columns, drilldowns, data sources, known false positives, references and tags.")
    @ApiResponse(responseCode = "200", description = "The detection",
            content = @Content(schema = @Schema(implementation = CatalogSchemas.DetectionDetail.class)))
    CatalogSchemas.DetectionDetail get(@Parameter(example = "a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af") @PathVariable String id) {
        return detail(catalog.require(id));
    }

    @PostMapping(path = "/api/v1/detections",
            consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", MediaType.TEXT_PLAIN_VALUE})
    @Operation(operationId = "postDetection", summary = "Run a detection of your own (admin)",
            description = "One ESCU YAML document, as Splunk's detection files are written. It is read with the parser "
                    + "that reads the content (so it must read PowerShell Script Block Logging 4104 and stay within the "
                    + "supported SPL), stored, and run by every instance within a few seconds; it survives restarts. "
                    + "422 names the reason and its position in the search when it cannot run; 409 when its id is taken.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/yaml",
            schema = @Schema(type = "string"), examples = @ExampleObject(value = CatalogExamples.DOCUMENT)))
    @ApiResponse(responseCode = "201", description = "Stored and running; Location is its address",
            headers = @Header(name = "Location", description = "the detection's path", schema = @Schema(type = "string",
                    format = "uri-reference", example = "/api/v1/detections/5b0c2a6e-2f7d-4b8e-9c3a-1d2e3f4a5b6c")),
            content = @Content(schema = @Schema(implementation = CatalogSchemas.DetectionDetail.class)))
    @ApiResponse(responseCode = "409", description = "A detection with its id runs already")
    @ApiResponse(responseCode = "422", description = "The document cannot run: the reason, and its position in the search")
    ResponseEntity<CatalogSchemas.DetectionDetail> post(HttpServletRequest request, Principal principal) throws IOException {
        String document = document(request);
        EscuDetection posted = catalog.post(document, principal == null ? "anonymous" : principal.getName());
        return ResponseEntity.created(URI.create("/api/v1/detections/" + posted.id())).body(detail(posted));
    }

    @DeleteMapping("/api/v1/detections/{id}")
    @Operation(operationId = "deleteDetection", summary = "Retire a detection posted over the API (admin)",
            description = "It stops running on every instance; its findings and risk events stay.")
    @ApiResponse(responseCode = "204", description = "Retired")
    @ApiResponse(responseCode = "409", description = "The detection comes from the content folder, not the API")
    ResponseEntity<Void> delete(@PathVariable String id, Principal principal) {
        catalog.retire(id, principal == null ? "anonymous" : principal.getName());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/detections/reload")
    @Operation(operationId = "reloadDetections", summary = "Read the content folder again (admin)")
    Reloaded reload() {
        RunningDetections running = catalog.reload();
        return new Reloaded(running.all().size(), running.skipped().size(), catalog.loadedAt().toString());
    }

    @ExceptionHandler(DetectionRejectedException.class)
    ResponseEntity<Object> rejected(DetectionRejectedException e) {
        SkippedDetection why = e.why();
        ApiProblem problem = new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "detection-cannot-run", "Detection cannot run",
                why.reason() + (why.position() == null ? "" : " (at position " + why.position() + " of the search)"));
        problem.getBody().setProperty("reason", why.reason());
        problem.getBody().setProperty("position", why.position());
        problem.getBody().setProperty("errors", List.of(error(why.position() == null ? "document" : "search", why)));
        return ResponseEntity.status(problem.getStatusCode()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem.getBody());
    }

    @ExceptionHandler(DetectionConflictException.class)
    ResponseEntity<Object> conflict(DetectionConflictException e) {
        ApiProblem problem = new ApiProblem(HttpStatus.CONFLICT, "detection-conflict", "Detection conflict", e.getMessage());
        return ResponseEntity.status(problem.getStatusCode()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem.getBody());
    }

    private static Map<String, Object> error(String name, SkippedDetection why) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("name", name);
        error.put("value", why.position());
        error.put("reason", why.reason());
        return error;
    }

    private static String document(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
            if (bytes.length > MAX_DOCUMENT_BYTES) {
                throw new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large", "Body too large",
                        "A detection document may hold at most " + MAX_DOCUMENT_BYTES + " bytes.");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private List<CatalogSchemas.RunningRow> runningRows(RunningDetections running, String type, String mitre, String q) {
        return running.all().stream()
                .filter(d -> type == null || type.equalsIgnoreCase(d.type()))
                .filter(d -> mitre == null || d.tags().mitreAttackIds().stream().anyMatch(t -> sameTechnique(t, mitre)))
                .filter(d -> q == null || contains(q, d.id(), d.name(), d.description()))
                .sorted(Comparator.comparing(EscuDetection::name).thenComparing(EscuDetection::id))
                .map(d -> CatalogSchemas.RunningRow.of(d, catalog.isPosted(d)))
                .toList();
    }

    private static List<CatalogSchemas.SkippedRow> skippedRows(RunningDetections running, String q) {
        return running.skipped().stream()
                .filter(s -> q == null || contains(q, s.id(), s.name(), s.file(), s.reason()))
                .sorted(Comparator.comparing(SkippedDetection::file).thenComparing(s -> String.valueOf(s.id()))
                        .thenComparing(SkippedDetection::reason))
                .map(CatalogSchemas.SkippedRow::of)
                .toList();
    }

    /** T1021 asks for T1021 and its sub-techniques (T1021.006). */
    private static boolean sameTechnique(String technique, String asked) {
        String t = technique.toUpperCase(Locale.ROOT);
        String a = asked.strip().toUpperCase(Locale.ROOT);
        return t.equals(a) || t.startsWith(a + ".");
    }

    private static boolean contains(String q, String... texts) {
        String needle = q.toLowerCase(Locale.ROOT);
        for (String text : texts) {
            if (text != null && text.toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return false;
    }

    private CatalogSchemas.DetectionDetail detail(EscuDetection d) {
        return CatalogSchemas.DetectionDetail.of(d, catalog.isPosted(d));
    }
}
