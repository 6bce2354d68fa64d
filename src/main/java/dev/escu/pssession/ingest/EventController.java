package dev.escu.pssession.ingest;

import java.io.IOException;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import dev.escu.pssession.ingest.format.EventFormat;
import dev.escu.pssession.ingest.format.evtx.EvtxEventFormat;
import dev.escu.pssession.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;

@RestController
@Tag(name = "Ingest", description = "Post batches of Windows PowerShell events (role ingest)")
class EventController {

    private final EventIntake intake;
    private final EventFormats formats;
    private final IngestProperties properties;

    EventController(EventIntake intake, EventFormats formats, IngestProperties properties) {
        this.intake = intake;
        this.formats = formats;
        this.properties = properties;
    }

    // Both handler methods below answer POST /api/v1/events, so the document shows them as one
    // operation: they carry the same id, summary, description and answers.
    private static final String OPERATION_ID = "ingestEvents";
    private static final String SUMMARY = "Ingest a batch of events, or upload event files";
    private static final String DESCRIPTION = """
            A batch in the body, read as a stream: JSON (one object or an array), NDJSON (one object per line), raw
            Windows XML (one or more <Event> elements as XmlWinEventLog renders them) or a Windows .evtx file
            (`application/x-evtx`, or `application/octet-stream` with the EVTX signature). `Content-Encoding: gzip` is
            accepted. Bad events are rejected one by one, with their 0-based index and a reason; the others are
            processed. Re-sent events are recognised (Computer + Channel + EventRecordID, otherwise a content hash) and
            change no count. The answer is one report.

            Or one or more files in a multipart form (field `files`), as analysts hold them: Windows .evtx files as
            copied from a host (Microsoft-Windows-PowerShell%4Operational.evtx, Windows PowerShell.evtx), or XML, NDJSON
            or JSON exports; each may be gzip-compressed. Each file is read and stored on its own and gets its own
            report; a file that cannot be used gets a problem instead, and the other files still count. An .evtx file
            is known by its signature; other files by their declared type, else their name. The answer lists the
            files.""";
    private static final String REPORT = "The batch was processed (one report), or each uploaded file (`files`)";
    private static final String BUSY = "Nothing was stored; retry after `Retry-After`: the batch waited too long for its turn "
            + "(`ingest-busy`, pssession.ingest.concurrent-batches and admission-wait), or the database is unavailable (`database-unavailable`) "
            + "or busy (`database-busy`)";

    @PostMapping(path = "/api/v1/events", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = OPERATION_ID, summary = SUMMARY, description = DESCRIPTION,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = "application/json", examples = @ExampleObject(name = "JSON event",
                            value = IngestExamples.JSON)),
                    @Content(mediaType = EventFormats.NDJSON, examples = @ExampleObject(name = "NDJSON",
                            value = IngestExamples.NDJSON)),
                    @Content(mediaType = "application/xml", examples = @ExampleObject(name = "Windows XML",
                            value = IngestExamples.XML)),
                    @Content(mediaType = "text/xml", schema = @Schema(type = "string")),
                    @Content(mediaType = EventFormats.EVTX, schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "application/octet-stream", schema = @Schema(type = "string", format = "binary"))}))
    @ApiResponse(responseCode = "200", description = REPORT, content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(oneOf = {IngestReport.class, FileReports.class})))
    @ApiResponse(responseCode = "400", description = "The body cannot be read at all",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "413", description = "The body or an inflated gzip body is too large",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "415", description = "Unsupported Content-Type or Content-Encoding",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "503", description = BUSY, content = @Content(mediaType = "application/problem+json"))
    IngestReport ingest(HttpServletRequest request,
                        @RequestParam(required = false) String source, @RequestParam(required = false) String host,
                        @RequestParam(required = false) String sourcetype) {
        MediaType type = RequestBodies.contentType(request);
        IngestDefaults defaults = new IngestDefaults(host, source, sourcetype);
        if (type != null && type.isCompatibleWith(MediaType.APPLICATION_OCTET_STREAM)) {
            // bytes of no declared format: an .evtx file, told by its signature
            return read(request, true, body -> {
                PushbackInputStream sniffed = (PushbackInputStream) body;
                if (!EvtxEventFormat.hasSignature(RequestBodies.peek(sniffed, EvtxEventFormat.SIGNATURE_LENGTH))) {
                    throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                            "Unsupported media type", "An application/octet-stream body must be an .evtx file "
                                    + "(starting with the EVTX signature ElfFile); declare text formats by their type.");
                }
                return intake.ingest(formats.evtx(), sniffed, defaults);
            });
        }
        EventFormat format = formats.forType(type).orElseThrow(() -> unsupported(request.getContentType(), type));
        return read(request, format.binary(), body -> intake.ingest(format, body, defaults));
    }

    /** One uploaded file's outcome: its report, or the problem that kept it from being read. */
    record FileReport(@Schema(description = "the file's name as uploaded") String file,
                      @Schema(description = "the format it was read as (evtx, xml, ndjson, json); null when it could not "
                              + "be used", types = {"string", "null"}) String format,
                      @Schema(description = "what reading it did; null when it could not be used") IngestReport report,
                      @Schema(description = "why it could not be used (a problem, as every error answer); null when it was "
                              + "read", ref = "#/components/schemas/Problem") ProblemDetail problem) {
    }

    /** The outcome of every file of an upload, in upload order. */
    record FileReports(@Schema(description = "one entry per uploaded file, in upload order",
            requiredMode = Schema.RequiredMode.REQUIRED) List<FileReport> files) {
    }

    @PostMapping(path = "/api/v1/events", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = OPERATION_ID, summary = SUMMARY, description = DESCRIPTION)
    @ApiResponse(responseCode = "200", description = REPORT, content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(oneOf = {IngestReport.class, FileReports.class})))
    @ApiResponse(responseCode = "503", description = BUSY, content = @Content(mediaType = "application/problem+json"))
    // files: the documented field, for Swagger UI's file picker; the files are taken from the request, any field
    FileReports ingestFiles(@RequestPart(name = "files", required = false) List<MultipartFile> files,
                            MultipartHttpServletRequest request,
                            @RequestParam(required = false) String source, @RequestParam(required = false) String host,
                            @RequestParam(required = false) String sourcetype) throws IOException, ServletException {
        IngestDefaults defaults = new IngestDefaults(host, source, sourcetype);
        List<FileReport> reports = new ArrayList<>();
        for (MultipartFile file : uploadedFiles(request)) {
            reports.add(ingestFile(file, defaults));
        }
        return new FileReports(reports);
    }

    /**
     * Every file of the upload in upload order, whatever form field it came in ({@code files} is the
     * documented one; API.md names none, so {@code file} or one field per file count as well).
     */
    private static List<MultipartFile> uploadedFiles(MultipartHttpServletRequest request) throws IOException, ServletException {
        List<MultipartFile> files = new ArrayList<>();
        Map<String, Integer> taken = new HashMap<>();
        for (Part part : request.getParts()) {
            String disposition = part.getHeader(HttpHeaders.CONTENT_DISPOSITION);
            if (disposition == null || ContentDisposition.parse(disposition).getFilename() == null) {
                continue; // a plain form field (Spring's own rule for what is a file, so the two lists pair up)
            }
            List<MultipartFile> named = request.getMultiFileMap().getOrDefault(part.getName(), List.of());
            int next = taken.merge(part.getName(), 1, Integer::sum) - 1;
            if (next < named.size()) {
                files.add(named.get(next));
            }
        }
        if (files.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "empty-body", "Empty body",
                    "The upload holds no file: send one or more files as parts with a filename (form field files).");
        }
        return files;
    }

    private FileReport ingestFile(MultipartFile file, IngestDefaults defaults) {
        String name = file.getOriginalFilename();
        try {
            return RequestBodies.read(() -> RequestBodies.openFile(file.getInputStream(), properties), raw -> {
                PushbackInputStream body = (PushbackInputStream) raw;
                byte[] head = RequestBodies.peek(body, EvtxEventFormat.SIGNATURE_LENGTH);
                if (head.length == 0) {
                    throw emptyBody();
                }
                MediaType declared = RequestBodies.contentType(file.getContentType()); // unreadable: by name or signature
                EventFormat read = formats.forFile(head, declared, name).orElseThrow(() -> new ApiProblem(
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
                        "The file is neither an .evtx file nor declared or named as XML (.xml), NDJSON (.ndjson) or JSON (.json)."));
                return new FileReport(name, read.name(),
                        intake.ingest(read, read.binary() ? body : RequestBodies.utf8(body, null), defaults), null);
            }, name);
        } catch (ApiProblem e) {
            // this file's own failure; a database failure or no turn at the database (IngestBusy) still fails
            // the whole upload (503): sent again, the files before it are counted once (their events are known)
            return new FileReport(name, null, null, e.getBody());
        }
    }

    /**
     * Reads the request's body with {@code step}, refusing an empty one. The step gets a
     * {@link PushbackInputStream} that can still look at the first bytes (the EVTX signature).
     */
    private <T> T read(HttpServletRequest request, boolean binary, RequestBodies.Step<T> step) {
        return RequestBodies.read(() -> new PushbackInputStream(RequestBodies.open(request, properties, binary),
                EvtxEventFormat.SIGNATURE_LENGTH), raw -> {
            if (RequestBodies.peek((PushbackInputStream) raw, 1).length == 0) {
                throw emptyBody();
            }
            return step.read(raw);
        }, request.getRequestURI());
    }

    /**
     * @param header the request's Content-Type as sent
     * @param type   that header read, or {@code null} when there is none or it cannot be read
     */
    private static ApiProblem unsupported(String header, MediaType type) {
        String what;
        if (header == null || header.isBlank()) {
            what = "The request has no Content-Type";
        } else if (type == null) {
            // a charset Java does not know, or no type/subtype: say so rather than name the type 'null'
            what = "Content-Type '" + header + "' cannot be read (" + RequestBodies.unreadable(header) + ")";
        } else {
            what = "Content-Type '" + type + "' is not supported";
        }
        return new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
                what + "; send application/json, application/x-ndjson, application/xml or text/xml.");
    }

    /** One answer for an empty body, whatever its declared type. */
    private static ApiProblem emptyBody() {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "empty-body", "Empty body",
                "The body holds no events: send one or more events as JSON, NDJSON, Windows XML or an .evtx file.");
    }

}
