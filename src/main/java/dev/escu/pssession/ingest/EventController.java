package dev.escu.pssession.ingest;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.escu.pssession.ingest.format.EventFormat;
import dev.escu.pssession.ingest.format.UnusableBodyException;
import dev.escu.pssession.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

@RestController
@Tag(name = "Ingest", description = "Post batches of Windows PowerShell events (role ingest)")
class EventController {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EventController.class);

    private final EventIntake intake;
    private final EventFormats formats;
    private final IngestProperties properties;

    EventController(EventIntake intake, EventFormats formats, IngestProperties properties) {
        this.intake = intake;
        this.formats = formats;
        this.properties = properties;
    }

    @PostMapping(path = "/api/v1/events", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "ingestEvents", summary = "Ingest a batch of events",
            description = """
                    Reads the body as a stream: JSON (one object or an array), NDJSON (one object per line) or raw
                    Windows XML (one or more <Event> elements as XmlWinEventLog renders them). `Content-Encoding: gzip`
                    is accepted. Bad events are rejected one by one, with their 0-based index and a reason; the others
                    are processed. Re-sent events are recognised (Computer + Channel + EventRecordID, otherwise a
                    content hash) and change no count.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = "application/json", examples = @ExampleObject(name = "JSON event",
                            value = IngestExamples.JSON)),
                    @Content(mediaType = EventFormats.NDJSON, examples = @ExampleObject(name = "NDJSON",
                            value = IngestExamples.NDJSON)),
                    @Content(mediaType = "application/xml", examples = @ExampleObject(name = "Windows XML",
                            value = IngestExamples.XML)),
                    @Content(mediaType = "text/xml", schema = @Schema(type = "string"))}))
    @ApiResponse(responseCode = "200", description = "The batch was processed")
    @ApiResponse(responseCode = "400", description = "The body cannot be read at all",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "413", description = "The body or an inflated gzip body is too large",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "415", description = "Unsupported Content-Type or Content-Encoding",
            content = @Content(mediaType = "application/problem+json"))
    IngestReport ingest(HttpServletRequest request,
                        @Parameter(description = "source for events that carry none (as Splunk HEC)")
                        @RequestParam(required = false) String source,
                        @Parameter(description = "host: fallback for dest (as Splunk HEC)")
                        @RequestParam(required = false) String host,
                        @Parameter(description = "sourcetype for events that carry none")
                        @RequestParam(required = false) String sourcetype) throws IOException {
        MediaType type = RequestBodies.contentType(request);
        EventFormat format = formats.forType(type).orElseThrow(() -> unsupported(type));
        return read(request, body ->
                intake.ingest(format, body, new IngestDefaults(host, source, sourcetype)));
    }

    /** A step that reads the opened body. */
    interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    /** Opens the body with its limits, encoding and charset, and turns whole-body failures into problems. */
    <T> T read(HttpServletRequest request, BodyReader<T> reader) throws IOException {
        try (InputStream body = RequestBodies.open(request, properties)) {
            return reader.read(body);
        } catch (RequestBodies.UnsupportedEncodingException e) {
            throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-encoding", "Unsupported content encoding",
                    e.getMessage());
        } catch (BodyLimitExceededException e) {
            throw tooLarge(e.getMessage());
        } catch (java.util.zip.ZipException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "unreadable-body", "Unreadable body",
                    "The body is not valid gzip: " + e.getMessage());
        } catch (IOException e) {
            // the client went away or the connection broke: the batch was rolled back whole
            log.info("Body of {} not read to its end ({}); nothing of it was stored", request.getRequestURI(), e.toString());
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "incomplete-body", "Incomplete body",
                    "The body could not be read to its end; nothing of it was stored.");
        } catch (UnusableBodyException e) {
            throw switch (e.kind()) {
                case TOO_LARGE -> tooLarge(e.getMessage());
                case FORBIDDEN_CONSTRUCT -> new ApiProblem(HttpStatus.BAD_REQUEST, "forbidden-xml", "Forbidden XML construct",
                        e.getMessage());
                case UNREADABLE -> new ApiProblem(HttpStatus.BAD_REQUEST, "unreadable-body", "Unreadable body",
                        e.getMessage());
            };
        }
    }

    private static ApiProblem unsupported(MediaType type) {
        return new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
                "Content-Type '" + type + "' is not supported; send application/json, application/x-ndjson, "
                        + "application/xml or text/xml.");
    }

    private static ApiProblem tooLarge(String detail) {
        return new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large", "Body too large", detail);
    }
}
