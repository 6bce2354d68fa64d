package dev.escu.pssession.findings;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.data.domain.Slice;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.escu.pssession.detection.DetectionCatalog;
import dev.escu.pssession.detection.DetectionDefinition;
import dev.escu.pssession.tuning.TuningFilters;
import dev.escu.pssession.web.ApiProblem;
import dev.escu.pssession.web.TimeParameter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

@RestController

@Tag(name = "Findings", description = "Aggregated detection results and drilldown 1 (role analyst)")
class FindingsController {

    private final FindingRepository findings;
    private final DetectionResults results;
    private final ResultRows rows;
    private final DetectionCatalog catalog;
    private final TuningFilters tuning;
    private final Clock clock;

    FindingsController(FindingRepository findings, DetectionResults results, ResultRows rows, DetectionCatalog catalog,
                       TuningFilters tuning, Clock clock) {
        this.findings = findings;
        this.results = results;
        this.rows = rows;
        this.catalog = catalog;
        this.tuning = tuning;
        this.clock = clock;
    }

    /**
     * A page of rows, as Splunk's REST API returns results. {@code total} is exact up to 10,000;
     * past that it reads 10,000 and {@code totalExact} is false.
     */
    record ResultsPage(List<Map<String, Object>> results, int page, int size, long total, boolean totalExact,
                       int totalPages) {

        static ResultsPage of(List<Map<String, Object>> results, int page, int size, long counted) {
            long total = shownTotal(counted);
            return new ResultsPage(results, page, size, total, isExact(counted), (int) ((total + size - 1) / size));
        }
    }

    /** A count as the API shows it: at most {@link FindingRepository#COUNT_LIMIT}. */
    private static long shownTotal(long counted) {
        return Math.min(counted, FindingRepository.COUNT_LIMIT);
    }

    /** Whether {@link #shownTotal} is the whole count (a count is taken up to one past the limit). */
    private static boolean isExact(long counted) {
        return counted <= FindingRepository.COUNT_LIMIT;
    }

    @GetMapping("/api/v1/findings")
    @Operation(operationId = "listFindings", summary = "List findings (all-time aggregated results)",
            description = "One row per detection and result group (the 13 group-by fields), with count, firstTime and "
                    + "lastTime in ctime format and links to both drilldowns. Newest activity first. earliest/latest "
                    + "keep the findings active in that range (lastTime >= earliest and firstTime < latest).")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = FindingsExamples.PAGE)))
    @Transactional(readOnly = true)
    ResultsPage list(@Parameter(description = "detection id") @RequestParam(required = false) String detection,
                     @Parameter(description = "dest, case-insensitive") @RequestParam(required = false) String dest,
                     @Parameter(description = "epoch seconds or ISO-8601") @RequestParam(required = false) String earliest,
                     @Parameter(description = "epoch seconds or ISO-8601") @RequestParam(required = false) String latest,
                     @RequestParam(defaultValue = "0") @Min(0) int page,
                     @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int size) {
        Instant from = TimeParameter.parse("earliest", earliest);
        Instant to = TimeParameter.parse("latest", latest);
        TimeParameter.requireOrder(from, to);
        String detectionId = detection == null ? null : detection(detection).id();
        Specification<Finding> where = Specification.allOf(FindingSpecifications.detection(detectionId),
                FindingSpecifications.dest(dest), FindingSpecifications.activeBetween(from, to));
        Slice<Finding> found = findings.findBy(where, query -> query
                .sortBy(Sort.by(Sort.Order.desc("lastTime"), Sort.Order.desc("id")))
                .slice(PageRequest.of(page, size)));
        List<Map<String, Object>> rendered = found.getContent().stream()
                .map(f -> rows.findingRow(detection(f.detectionId()), f)).toList();
        return ResultsPage.of(rendered, page, size, findings.countCapped(detectionId, dest, from, to));
    }

    @GetMapping("/api/v1/detections/{id}/results")
    @Operation(operationId = "detectionResults", summary = "Drilldown: View the detection results for - \"$dest$\"",
            description = "The detection's search, then search dest=\"$dest$\", over earliest..latest (Splunk's "
                    + "$info_min_time$/$info_max_time$; earliest inclusive, latest exclusive). Recomputed from the stored "
                    + "matched events in the range, so count, firstTime and lastTime are those of the range. dest is "
                    + "compared case-insensitively; tuning filters in force apply. Rows come newest activity first, "
                    + "`size` at a time; `total` counts them all up to 10,000 (`totalExact` false past that).")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = FindingsExamples.RESULTS)))
    Map<String, Object> results(@PathVariable String id,
                                @Parameter(description = "dest, case-insensitive", example = "LAPTOP-ADM-11.contoso.local")
                                @RequestParam String dest,
                                @Parameter(description = "epoch seconds or ISO-8601, inclusive", example = "1772409600")
                                @RequestParam(required = false) String earliest,
                                @Parameter(description = "epoch seconds or ISO-8601, exclusive", example = "1772496000")
                                @RequestParam(required = false) String latest,
                                @RequestParam(defaultValue = "0") @Min(0) int page,
                                @RequestParam(defaultValue = "100") @Min(1) @Max(10000) int size) {
        DetectionDefinition detection = detection(id);
        Instant from = TimeParameter.parse("earliest", earliest);
        Instant to = TimeParameter.parse("latest", latest);
        TimeParameter.requireOrder(from, to);
        DetectionResults.Page found = results.forDest(detection, dest, from, to, tuning.activeFilter(clock.instant()),
                page, size);
        return Map.of("results", found.results(), "page", page, "size", size,
                "total", shownTotal(found.total()), "totalExact", isExact(found.total()));
    }

    private DetectionDefinition detection(String id) {
        return catalog.find(id).orElseThrow(() -> ApiProblem.notFound("No detection with id " + id + "."));
    }
}
