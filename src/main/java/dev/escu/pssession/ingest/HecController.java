package dev.escu.pssession.ingest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.escu.pssession.ingest.format.EventFormat;
import dev.escu.pssession.ingest.format.HecEventFormat;
import dev.escu.pssession.ingest.format.XmlEventFormat;
import dev.escu.pssession.web.HecCode;
import dev.escu.pssession.web.HecResponse;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Splunk HTTP Event Collector compatibility, so that log shippers with a Splunk output can post
 * here unchanged. Answers are HEC's own bodies and statuses ({@link HecResponse}), never problem
 * details: the exception handlers below take precedence over the application-wide
 * {@code ProblemHandler} for these paths. See docs/hec.md.
 */
@RestController
@Tag(name = "Splunk HEC", description = "Splunk HTTP Event Collector compatible intake (role ingest)")
class HecController {

    private static final Logger log = LoggerFactory.getLogger(HecController.class);

    /** Our own counts for a request that HEC answers with a bare Success. */
    static final String REPORT_HEADER = "X-Ingest-Report";

    private final EventIntake intake;
    private final IngestProperties properties;
    private final DataSource dataSource;
    private final IngestTurns turns;
    private final HecEventFormat envelopes;
    private final XmlEventFormat rawXml;

    HecController(EventIntake intake, EventFormats formats, IngestProperties properties, DataSource dataSource,
                  IngestTurns turns) {
        this.intake = intake;
        this.properties = properties;
        this.dataSource = dataSource;
        this.turns = turns;
        this.envelopes = formats.hec();
        this.rawXml = formats.hecRaw();
    }

    @PostMapping(path = {"/services/collector/event", "/services/collector", "/services/collector/event/1.0"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "hecEvent", summary = "HEC event endpoint: JSON envelopes, one after the other",
            description = """
                    Several HEC envelopes {"time", "host", "source", "sourcetype", "index", "fields", "event"} one
                    after the other. `event` is a raw XmlWinEventLog <Event> string or a JSON object (Splunk, Windows,
                    Winlogbeat or Elastic Agent names). If any envelope is invalid (HEC codes 6, 12, 13, 15), the
                    answer names it (`invalid-event-number`, 0-based) and nothing of the request is stored. Events
                    that HEC accepts but that are not Windows events are skipped, and the answer is still Success;
                    the `X-Ingest-Report` header counts them.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content =
                    @Content(mediaType = "application/json", examples = @ExampleObject(name = "HEC envelope",
                            value = IngestExamples.HEC_EVENT))))
    @ApiResponse(responseCode = "400", description = "HEC codes 5, 6, 12, 13, 15")
    @HecIntake
    ResponseEntity<String> event(HttpServletRequest request) {
        return ingest(request, envelopes, defaults(request));
    }

    @PostMapping(path = {"/services/collector/raw", "/services/collector/raw/1.0"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "hecRaw", summary = "HEC raw endpoint: raw XmlWinEventLog events",
            description = """
                    Raw <Event> elements as Windows renders them, one per line or one after the other, read as
                    POST /api/v1/events reads XML. Metadata comes from the query parameters. A piece of the body
                    that is not a Windows event is skipped and counted in the `X-Ingest-Report` header.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content =
                    @Content(mediaType = "text/plain", examples = @ExampleObject(name = "Windows XML",
                            value = IngestExamples.XML))))
    @ApiResponse(responseCode = "400", description = "HEC codes 5 (no data) and 6")
    @HecIntake
    ResponseEntity<String> raw(HttpServletRequest request) {
        return ingest(request, rawXml, defaults(request));
    }

    /**
     * HEC's indexer acknowledgement, answered as Splunk answers it while acknowledgement is off (code 14):
     * a 200 from /event or /raw is sent only after the database commit, so there is nothing to poll for.
     * Left out of the API document, as it never succeeds; docs/hec.md names it.
     */
    @Hidden
    @PostMapping(path = {"/services/collector/ack", "/services/collector/ack/1.0"}, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> ack() {
        return HecCode.ACK_DISABLED.response().toResponseEntity();
    }

    @GetMapping(path = {"/services/collector/health", "/services/collector/health/1.0"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "hecHealth", summary = "HEC health (open: no token needed, as Splunk's)", description = """
            {"text":"HEC is healthy","code":17} while the database answers; 503 with code 18 otherwise (the
            check waits for a database connection up to the pool's connection timeout), and while as many batches
            wait for their turn at the database as there are turns (pssession.ingest.concurrent-batches), as Splunk's
            HEC says its queues are full.""")
    @ApiResponse(responseCode = "200", description = "{\"text\":\"HEC is healthy\",\"code\":17}")
    @ApiResponse(responseCode = "503", description = "{\"text\":\"HEC is unhealthy, queues are full\",\"code\":18}")
    @SecurityRequirements // open, as SecurityConfiguration lets it be: load balancers probe it without a token
    ResponseEntity<String> health() {
        if (turns.queueFull()) {
            log.info("HEC health: ingest queue full (as many batches waiting for their turn as there are turns)");
            return HecCode.UNHEALTHY.response().toResponseEntity();
        }
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(2)) {
                return HecCode.HEALTHY.response().toResponseEntity();
            }
            log.warn("HEC health: the database connection is not valid");
        } catch (SQLException | RuntimeException e) {
            log.warn("HEC health: database unavailable: {}", e.getMessage());
        }
        return HecCode.UNHEALTHY.response().toResponseEntity();
    }

    private ResponseEntity<String> ingest(HttpServletRequest request, EventFormat format, IngestDefaults defaults) {
        IngestReport report = RequestBodies.read(() -> RequestBodies.open(request, properties),
                body -> intake.ingest(format, body, defaults), request.getRequestURI());
        if (report.received() == 0) {
            return HecCode.NO_DATA.response().toResponseEntity(); // a raw body with nothing in it
        }
        if (!report.rejected().isEmpty()) {
            log.info("HEC request: {} of {} events were not usable Windows events, e.g. {}",
                    report.received() - report.accepted(), report.received(),
                    report.rejected().stream().limit(3).map(r -> "#" + r.index() + " " + r.reason())
                            .collect(Collectors.joining("; ")));
        }
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(REPORT_HEADER, "received=" + report.received() + "; accepted=" + report.accepted()
                        + "; rejected=" + (report.received() - report.accepted()) + "; matched=" + report.matched()
                        + "; duplicates=" + report.duplicates())
                .body(HecCode.SUCCESS.response().json());
    }

    /**
     * host, source and sourcetype from the query string, read by hand: asking the servlet request for
     * a parameter would consume a body sent as application/x-www-form-urlencoded, which is what
     * {@code curl -d} sends and what Splunk's own HEC examples use.
     */
    static IngestDefaults defaults(HttpServletRequest request) {
        Map<String, String> query = new HashMap<>();
        String raw = request.getQueryString();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.putIfAbsent(name, value);
            }
        }
        return new IngestDefaults(query.get("host"), query.get("source"), query.get("sourcetype"));
    }
}
