package dev.escu.pssession.risk;

import java.time.Instant;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import dev.escu.pssession.web.ApiProblem;
import dev.escu.pssession.web.CsvDownload;
import dev.escu.pssession.web.CsvRows;
import dev.escu.pssession.web.TimeParameter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;

@RestController
@Tag(name = "Risk", description = "Risk events: drilldown 2 and the feed for other services (role analyst)")
class RiskController {

    private final RiskSummary summary;
    private final RiskFeed feed;

    RiskController(RiskSummary summary, RiskFeed feed) {
        this.summary = summary;
        this.feed = feed;
    }

    @GetMapping("/api/v1/risk/summary")
    @CsvDownload
    @Operation(operationId = "riskSummary", summary = "Drilldown: View risk events for the last 7 days for - \"$dest$\"",
            description = "Risk events of the last `hours` hours whose normalized_risk_object is one of `object` "
                    + "(case-insensitive), one row per normalized_risk_object with count, firstTime, lastTime and the "
                    + "values() of search_name, risk_message, analyticstories, annotations._all and the MITRE tactics: "
                    + "distinct, sorted by UTF-8 bytes. The answer says the window it used (earliest = now minus hours, "
                    + "latest = now): risk events carry their event's time, so events older than the window do not count "
                    + "however recently they were posted.")
    @ApiResponse(responseCode = "200", description = "One row per risk object", content = @Content(
            schema = @Schema(implementation = RiskSummary.Answer.class), examples = @ExampleObject(value = RiskExamples.SUMMARY)))
    RiskSummary.Answer summary(@Parameter(description = "risk object(s), e.g. a dest", example = "LAPTOP-ADM-11.contoso.local")
                                @RequestParam @NotEmpty List<String> object,
                                @Parameter(description = "look back this many hours (starthoursago)")
                                @RequestParam(defaultValue = "168") @Min(1) @Max(87600) int hours) {
        return summary.answer(object, hours);
    }

    @GetMapping(value = "/api/v1/risk/summary", produces = CsvRows.TEXT_CSV_VALUE)
    @CsvDownload
    ResponseEntity<StreamingResponseBody> summaryCsv(@RequestParam @NotEmpty List<String> object,
                                                     @RequestParam(defaultValue = "168") @Min(1) @Max(87600) int hours) {
        return summary.csv("risk-summary.csv", object, hours);
    }

    @GetMapping("/api/v1/risk/events")
    @CsvDownload
    @Operation(operationId = "riskEvents", summary = "Risk event feed",
            description = "Risk events in a stable order, each with a `cursor`. Keep the response's `next` and pass it "
                    + "as `after` on the next poll: no event is missed or repeated, even while batches are being "
                    + "written. Events of a transaction still running appear once it commits.")
    @ApiResponse(responseCode = "200", description = "The events after the cursor, and the cursor to continue from",
            content = @Content(schema = @Schema(implementation = RiskFeed.FeedPage.class),
                    examples = @ExampleObject(value = RiskExamples.FEED)))
    RiskFeed.FeedPage events(@Parameter(description = "cursor from a previous page (`next`); none (or 0-0) to start at the "
            + "beginning", example = "0-0")
                             @RequestParam(required = false) String after,
                             @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
                             @Parameter(description = "only this risk object (case-insensitive)")
                             @RequestParam(required = false) String object,
                             @Parameter(description = "only events whose _time is at or after this (epoch seconds or ISO-8601)")
                             @RequestParam(required = false) String since) {
        return feed.read(cursor(after), object, TimeParameter.parse("since", since), limit);
    }

    @GetMapping(value = "/api/v1/risk/events", produces = CsvRows.TEXT_CSV_VALUE)
    @CsvDownload
    ResponseEntity<StreamingResponseBody> eventsCsv(@RequestParam(required = false) String after,
                                                    @RequestParam(required = false) String object,
                                                    @RequestParam(required = false) String since) {
        FeedCursor cursor = cursor(after);
        Instant from = TimeParameter.parse("since", since);
        return CsvRows.download("risk-events.csv", RiskFeed.COLUMNS, csv -> feed.each(cursor, object, from, csv::row));
    }

    private static FeedCursor cursor(String after) {
        try {
            return FeedCursor.parse(after);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badParameter("after", after, "after: not a cursor from this feed.");
        }
    }
}
