package dev.escu.pssession.findings;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import dev.escu.pssession.catalog.DetectionCatalog;
import dev.escu.pssession.detection.ResultFilter;
import dev.escu.pssession.detection.ResultKey;
import dev.escu.pssession.detection.ResultRow;
import dev.escu.pssession.detection.escu.Drilldown;
import dev.escu.pssession.detection.escu.EscuDetection;
import dev.escu.pssession.detection.escu.RiskObject;
import dev.escu.pssession.risk.RiskSummary;
import dev.escu.pssession.tuning.TuningFilters;
import dev.escu.pssession.web.ApiProblem;
import dev.escu.pssession.web.CsvDownload;
import dev.escu.pssession.web.CsvRows;
import dev.escu.pssession.web.Paging;
import dev.escu.pssession.web.TimeParameter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

@RestController
@Tag(name = "Findings", description = "Aggregated detection results and their drilldowns (role analyst)")
class FindingsController {

    private final FindingsList findings;
    private final DetectionResults results;
    private final ResultRows rows;
    private final ResultColumns columns;
    private final DetectionCatalog catalog;
    private final TuningFilters tuning;
    private final RiskSummary riskSummary;
    private final Clock clock;

    FindingsController(FindingsList findings, DetectionResults results, ResultRows rows, ResultColumns columns,
                       DetectionCatalog catalog, TuningFilters tuning, RiskSummary riskSummary, Clock clock) {
        this.findings = findings;
        this.results = results;
        this.rows = rows;
        this.columns = columns;
        this.catalog = catalog;
        this.tuning = tuning;
        this.riskSummary = riskSummary;
        this.clock = clock;
    }

    /**
     * A page of rows, as Splunk's REST API returns results. {@code total} is exact up to 10,000;
     * past that it reads 10,000 and {@code totalExact} is false. {@code next} is the cursor to pass
     * as {@code after} for the following page, or {@code null} after the last row.
     */
    record ResultsPage(@ArraySchema(schema = @Schema(implementation = RowSchemas.FindingRow.class))
                       List<Map<String, Object>> results,
                       @Schema(description = "this page's number (0-based)") int page,
                       @Schema(description = "rows per page") int size,
                       @Schema(description = "rows in the whole list, up to 10,000") long total,
                       @Schema(description = "false when there are more than 10,000 rows") boolean totalExact,
                       int totalPages,
                       @Schema(description = "the cursor to pass as `after` for the next page; null after the last row",
                               types = {"string", "null"}) String next) {

        static ResultsPage of(List<Map<String, Object>> results, Paging paging, long counted, String next) {
            long total = shownTotal(counted);
            return new ResultsPage(results, paging.page(), paging.size(), total, isExact(counted),
                    (int) ((total + paging.size() - 1) / paging.size()), next);
        }
    }

    /**
     * A page of drilldown 1's rows. {@code total} is exact up to 10,000 ({@code totalExact});
     * {@code next} is the cursor to pass as {@code after} for the following page, or {@code null}.
     */
    record DrilldownPage(@ArraySchema(schema = @Schema(implementation = RowSchemas.ResultRow.class))
                         List<Map<String, Object>> results,
                         @Schema(description = "this page's number (0-based)") int page,
                         @Schema(description = "rows per page") int size,
                         @Schema(description = "rows in the whole drilldown, up to 10,000") long total,
                         @Schema(description = "false when there are more than 10,000 rows") boolean totalExact,
                         @Schema(description = "the cursor to pass as `after` for the next page; null after the last row",
                                 types = {"string", "null"}) String next) {
    }

    private static final String RESULTS_AFTER =
            "cursor: the `next` of the previous page (the example, a cursor before every row, starts at the top)";

    /**
     * What drilldown 1's cursors look like (the last row's time in microseconds, and its group's
     * hash): this one lies before every row (2100-01-01), so Swagger UI, which fills parameters with
     * their examples, still starts at the top.
     */
    private static final String RESULTS_CURSOR =
            "4102444800000000-0000000000000000000000000000000000000000000000000000000000000000";

    /** A count as the API shows it: at most {@link FindingsList#COUNT_LIMIT}. */
    private static long shownTotal(long counted) {
        return Math.min(counted, FindingsList.COUNT_LIMIT);
    }

    /** Whether {@link #shownTotal} is the whole count (a count is taken up to one past the limit). */
    private static boolean isExact(long counted) {
        return counted <= FindingsList.COUNT_LIMIT;
    }

    @GetMapping("/api/v1/findings")
    @CsvDownload
    @Operation(operationId = "listFindings", summary = "List findings (all-time aggregated results)",
            description = "One row per detection and result group (the 13 group-by fields), with count, firstTime and "
                    + "lastTime in ctime format and links to both drilldowns. Newest activity first (lastTime, then "
                    + "finding_id, both descending): every finding appears exactly once however the list is paged. "
                    + "earliest/latest keep the findings active in that range (lastTime >= earliest and "
                    + "firstTime < latest). Page by number (`page`, up to row 100,000) or walk the whole list with "
                    + "`after` = the previous page's `next`.")
    @ApiResponse(responseCode = "200", description = "A page of findings", content = @Content(
            schema = @Schema(implementation = ResultsPage.class), examples = @ExampleObject(value = FindingsExamples.PAGE)))
    @ApiResponse(responseCode = "404", description = "No detection with that id runs or has findings")
    @Transactional(readOnly = true)
    ResultsPage list(@Parameter(description = "detection id") @RequestParam(required = false) String detection,
                     @Parameter(description = "dest, case-insensitive") @RequestParam(required = false) String dest,
                     @Parameter(description = "epoch seconds or ISO-8601") @RequestParam(required = false) String earliest,
                     @Parameter(description = "epoch seconds or ISO-8601") @RequestParam(required = false) String latest,
                     @RequestParam(defaultValue = "0") @Min(0) int page,
                     @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int size,
                     @Parameter(description = "cursor: the `next` of the previous page (the example, a cursor before "
                             + "every row, starts at the top)", example = "4102444800000000-0")
                     @RequestParam(required = false) String after) {
        Paging paging = Paging.of(page, size, after);
        FindingsList.Filter filter = filter(detection, dest, earliest, latest);
        List<FindingsList.StoredFinding> found = findings.page(filter, cursor(paging), paging.offset(), size);
        List<Map<String, Object>> rendered = found.stream().map(this::render).toList();
        String next = found.size() < size ? null : found.get(found.size() - 1).cursor().toString();
        return ResultsPage.of(rendered, paging, findings.countCapped(filter), next);
    }

    @GetMapping(value = "/api/v1/findings", produces = CsvRows.TEXT_CSV_VALUE)
    @CsvDownload
    ResponseEntity<StreamingResponseBody> listCsv(@RequestParam(required = false) String detection,
                                                  @RequestParam(required = false) String dest,
                                                  @RequestParam(required = false) String earliest,
                                                  @RequestParam(required = false) String latest) {
        FindingsList.Filter filter = filter(detection, dest, earliest, latest);
        Set<String> columnNames = new LinkedHashSet<>(List.of("finding_id", "detection_id"));
        for (int columnsId : findings.columnsIds(filter)) {
            columnNames.addAll(rows.columnNames(catalog.find(columns.detectionOf(columnsId)), columnsId));
        }
        return CsvRows.download("findings.csv", List.copyOf(columnNames),
                csv -> findings.each(filter, finding -> csv.row(render(finding))));
    }

    private FindingsList.Filter filter(String detection, String dest, String earliest, String latest) {
        TimeParameter.Range range = TimeParameter.range(earliest, latest);
        // a detection that no longer runs keeps its findings: its id may still be asked for
        String detectionId = detection == null ? null : catalog.find(detection).map(EscuDetection::id)
                .orElseGet(() -> findings.hasAny(detection) ? detection : null);
        if (detection != null && detectionId == null) {
            throw ApiProblem.notFound("No detection with id " + detection + " runs or has findings.");
        }
        return new FindingsList.Filter(detectionId, dest, range.earliest(), range.latest());
    }

    @GetMapping("/api/v1/findings/{findingId}")
    @Operation(operationId = "getFinding", summary = "One finding, as the findings list shows it")
    @ApiResponse(responseCode = "200", description = "The finding",
            content = @Content(schema = @Schema(implementation = RowSchemas.FindingRow.class)))
    Map<String, Object> finding(@PathVariable long findingId) {
        return render(stored(findingId));
    }

    @GetMapping("/api/v1/findings/{findingId}/results")
    @CsvDownload
    @Operation(operationId = "findingResults", summary = "Drilldown 1 of a finding: View the detection results for - \"$dest$\"",
            description = "The detection's results for the finding's values of every field its drilldown names (dest, or "
                    + "e.g. Computer and user_id, all of them case-insensitively) over the finding's own time range (as Splunk "
                    + "passes the search's $info_min_time$/$info_max_time$), whatever the length of its values.")
    DrilldownPage findingResults(@PathVariable long findingId,
                                       @RequestParam(defaultValue = "0") @Min(0) int page,
                                       @RequestParam(defaultValue = "100") @Min(1) @Max(10000) int size,
                                       @Parameter(description = RESULTS_AFTER, example = RESULTS_CURSOR)
                                       @RequestParam(required = false) String after) {
        return resultsPage(findingDrilldown(findingId), Paging.of(page, size, after));
    }

    @GetMapping(value = "/api/v1/findings/{findingId}/results", produces = CsvRows.TEXT_CSV_VALUE)
    @CsvDownload
    ResponseEntity<StreamingResponseBody> findingResultsCsv(@PathVariable long findingId) {
        return resultsCsv(findingDrilldown(findingId), "finding-" + findingId + "-results.csv");
    }

    /**
     * Drilldown 1 as a finding's link asks for it: its detection, the finding's values of every field the
     * drilldown's search names ({@code search Computer = "$Computer$" user_id = "$user_id$"}), its own time range.
     */
    private ResultsQuery findingDrilldown(long findingId) {
        FindingsList.StoredFinding finding = stored(findingId);
        EscuDetection detection = running(finding);
        List<String> fields = drilldown(detection, Drilldown.Kind.RESULTS).map(Drilldown::tokens).orElse(List.of("dest"));
        ResultRow row = new ResultRow(detection, new ResultKey(finding.groupValues()));
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : fields) {
            String value = row.field(field);
            if (value == null) {
                throw ApiProblem.notFound("The rows of detection " + detection.id() + " have no field " + field + ".");
            }
            values.put(field, value);
        }
        return new ResultsQuery(detection, finding.columnsId(), values, ResultRows.rangeStart(finding),
                ResultRows.rangeEnd(finding));
    }

    @GetMapping("/api/v1/findings/{findingId}/risk-summary")
    @CsvDownload
    @Operation(operationId = "findingRiskSummary",
            summary = "Drilldown 2 of a finding: View risk events for the last 7 days for - \"$dest$\"",
            description = "The risk summary (drilldown 2) for the finding's dest, whatever its length.")
    RiskSummary.Answer findingRiskSummary(@PathVariable long findingId,
                                           @Parameter(description = "look back this many hours (starthoursago)")
                                           @RequestParam(defaultValue = "168") @Min(1) @Max(87600) int hours) {
        return riskSummary.answer(riskObjects(findingId), hours);
    }

    @GetMapping(value = "/api/v1/findings/{findingId}/risk-summary", produces = CsvRows.TEXT_CSV_VALUE)
    @CsvDownload
    ResponseEntity<StreamingResponseBody> findingRiskSummaryCsv(@PathVariable long findingId,
                                                                @RequestParam(defaultValue = "168") @Min(1) @Max(87600) int hours) {
        return riskSummary.csv("finding-" + findingId + "-risk-summary.csv", riskObjects(findingId), hours);
    }

    /** The values drilldown 2 of a finding asks about: its risk objects' fields (or those the drilldown names). */
    private List<String> riskObjects(long findingId) {
        FindingsList.StoredFinding finding = stored(findingId);
        EscuDetection detection = running(finding);
        List<String> fields = drilldown(detection, Drilldown.Kind.RISK_SUMMARY).map(Drilldown::tokens)
                .orElseGet(() -> detection.rba().riskObjects().stream().map(RiskObject::field).toList());
        ResultRow row = new ResultRow(detection, new ResultKey(finding.groupValues()));
        return fields.stream().map(row::field).filter(java.util.Objects::nonNull).distinct().toList();
    }

    @GetMapping("/api/v1/detections/{id}/results")
    @CsvDownload
    @Operation(operationId = "detectionResults", summary = "Drilldown: View the detection results for - \"$dest$\"",
            description = "The detection's search, then search dest=\"$dest$\", over earliest..latest (Splunk's "
                    + "$info_min_time$/$info_max_time$; earliest inclusive, latest exclusive). Recomputed from the stored "
                    + "matched events in the range, so count, firstTime and lastTime are those of the range. dest is "
                    + "compared case-insensitively; tuning filters in force apply. Rows come newest activity first, "
                    + "`size` at a time; `total` counts them all up to 10,000 (`totalExact` false past that).")
    @ApiResponse(responseCode = "200", description = "A page of result rows", content = @Content(
            schema = @Schema(implementation = DrilldownPage.class), examples = @ExampleObject(value = FindingsExamples.RESULTS)))
    DrilldownPage results(@PathVariable String id,
                                @Parameter(description = "dest, case-insensitive", example = "LAPTOP-ADM-11.contoso.local")
                                @RequestParam String dest,
                                @Parameter(description = "epoch seconds or ISO-8601, inclusive", example = "1772409600")
                                @RequestParam(required = false) String earliest,
                                @Parameter(description = "epoch seconds or ISO-8601, exclusive; +Infinity (Splunk's "
                                        + "$info_max_time$ over all time): no end", example = "1772496000")
                                @RequestParam(required = false) String latest,
                                @RequestParam(defaultValue = "0") @Min(0) int page,
                                @RequestParam(defaultValue = "100") @Min(1) @Max(10000) int size,
                                @Parameter(description = RESULTS_AFTER, example = RESULTS_CURSOR)
                                @RequestParam(required = false) String after) {
        Paging paging = Paging.of(page, size, after);
        return resultsPage(destDrilldown(id, dest, earliest, latest), paging);
    }

    @GetMapping(value = "/api/v1/detections/{id}/results", produces = CsvRows.TEXT_CSV_VALUE)
    @CsvDownload
    ResponseEntity<StreamingResponseBody> resultsCsv(@PathVariable String id, @RequestParam String dest,
                                                     @RequestParam(required = false) String earliest,
                                                     @RequestParam(required = false) String latest) {
        return resultsCsv(destDrilldown(id, dest, earliest, latest), "results.csv");
    }

    /** What drilldown 1 reads: the rows of a detection whose fields have these values (case ignored) in a time range. */
    private record ResultsQuery(EscuDetection detection, int columnsId, Map<String, String> fieldValues, Instant from, Instant to) {
    }

    /** Drilldown 1 as Splunk writes it: search dest="$dest$" over earliest..latest. */
    private ResultsQuery destDrilldown(String id, String dest, String earliest, String latest) {
        EscuDetection detection = catalog.require(id);
        TimeParameter.Range range = TimeParameter.range(earliest, latest);
        if (!ResultRow.fieldsOf(detection).contains("dest")) {
            throw ApiProblem.badParameter("dest", "The rows of detection " + detection.id() + " have no dest field; follow a "
                    + "finding's drilldown link (/api/v1/findings/{id}/results) instead.");
        }
        // a detection without any stored row yet has no columns number: nothing to show
        int columnsId = columns.find(detection).orElse(-1);
        return new ResultsQuery(detection, columnsId, Map.of("dest", dest), range.earliest(), range.latest());
    }

    private DrilldownPage resultsPage(ResultsQuery query, Paging paging) {
        ResultsCursor after;
        try {
            after = paging.after() == null ? null : ResultsCursor.parse(paging.after());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badParameter("after", paging.after(),
                    "after: not a cursor of this list; pass the `next` of the previous page.");
        }
        DetectionResults.Page found = results.forValues(query.detection(), query.columnsId(), query.fieldValues(),
                query.from(), query.to(), tuning.activeFilter(clock.instant()), after, paging.offset(), paging.size());
        return new DrilldownPage(found.results(), paging.page(), paging.size(), shownTotal(found.total()),
                isExact(found.total()), found.next() == null ? null : found.next().toString());
    }

    private ResponseEntity<StreamingResponseBody> resultsCsv(ResultsQuery query, String fileName) {
        ResultFilter filter = tuning.activeFilter(clock.instant());
        return CsvRows.download(fileName, query.detection().search().outputColumns(), csv -> results.each(query.detection(),
                query.columnsId(), query.fieldValues(), query.from(), query.to(), filter, csv::row));
    }

    private static FindingCursor cursor(Paging paging) {
        if (paging.after() == null) {
            return null;
        }
        try {
            return FindingCursor.parse(paging.after());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badParameter("after", paging.after(),
                    "after: not a cursor of this list; pass the `next` of the previous page.");
        }
    }

    private FindingsList.StoredFinding stored(long findingId) {
        return findings.find(findingId).orElseThrow(() -> ApiProblem.notFound("No finding with id " + findingId + "."));
    }

    private Map<String, Object> render(FindingsList.StoredFinding finding) {
        return rows.findingRow(rows.sameColumns(catalog.find(finding.detectionId()), finding), finding);
    }

    /** The finding's detection, running with the columns the finding was stored under. */
    private EscuDetection running(FindingsList.StoredFinding finding) {
        return rows.sameColumns(catalog.find(finding.detectionId()), finding).orElseThrow(() -> ApiProblem.notFound(
                "Detection " + finding.detectionId() + " of finding " + finding.id() + " no longer runs with these columns;"
                        + " its drilldowns are not available."));
    }

    private static java.util.Optional<Drilldown> drilldown(EscuDetection detection, Drilldown.Kind kind) {
        return detection.drilldowns().stream().filter(d -> d.kind() == kind).findFirst();
    }
}
