package dev.escu.pssession.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.escu.pssession.detection.UnknownDetectionException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error as RFC 9457 problem details with a stable {@code type} URI: our own
 * {@link ApiProblem}s, Spring MVC's errors (415, 405, 400 ...), a database that is away (503 with
 * {@code Retry-After}), and anything unexpected (500, without internals). On the Splunk HEC paths
 * the same failures are answered in HEC's words ({@link HecResponse}), as shippers expect.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    static final String RETRY_AFTER_SECONDS = "5";

    /** The Splunk HEC paths, whose clients read HEC's answers, not problems. */
    private static boolean isHec(WebRequest request) {
        return request instanceof ServletWebRequest servlet && HecResponse.isHecPath(servlet.getRequest().getRequestURI());
    }

    private static ResponseEntity<Object> hec(HecResponse answer, HttpHeaders headers) {
        return ResponseEntity.status(answer.status()).headers(headers).contentType(MediaType.APPLICATION_JSON)
                .body(answer.json());
    }

    @ExceptionHandler(UnreadableBody.class)
    ResponseEntity<Object> unreadableBody(UnreadableBody e, WebRequest request) {
        if (isHec(request)) {
            log.info("HEC request refused with code {}: {}", e.hecAnswer().code(), e.getBody().getDetail());
            return hec(e.hecAnswer(), new HttpHeaders());
        }
        return handleExceptionInternal(e, e.getBody(), new HttpHeaders(), e.getStatusCode(), request);
    }

    private ResponseEntity<Object> databaseUnavailable(Exception e, WebRequest request) {
        HttpHeaders headers = retryLater();
        boolean busy = DatabaseFailures.poolExhausted(e);
        log.warn("Database {}: {}", busy ? "busy" : "unavailable", e.getMessage());
        if (isHec(request)) {
            return hec(HecCode.SERVER_BUSY.response(), headers); // Server is busy (503), which shippers retry
        }
        ProblemDetail body;
        if (busy) {
            body = ApiProblem.problem(HttpStatus.SERVICE_UNAVAILABLE, "database-busy", "Database busy",
                    "Every database connection stayed in use while this request waited for one; nothing of it was stored. "
                            + "Retry later.");
        } else {
            body = ApiProblem.problem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable",
                    "The database cannot be reached; nothing of this request was stored. Retry later.");
        }
        return handleExceptionInternal(e, body, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
    }

    @ExceptionHandler(IngestBusy.class)
    ResponseEntity<Object> ingestBusy(IngestBusy e, WebRequest request) {
        if (isHec(request)) {
            return hec(HecCode.SERVER_BUSY.response(), retryLater());
        }
        return handleExceptionInternal(e, e.getBody(), retryLater(), e.getStatusCode(), request);
    }

    private static HttpHeaders retryLater() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        return headers;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> badParameter(MethodArgumentTypeMismatchException e, WebRequest request) {
        String expected = e.getRequiredType() == null ? "a valid value" : expected(e.getRequiredType());
        ApiProblem problem = ApiProblem.badParameter(e.getName(), e.getValue(),
                "Parameter '" + e.getName() + "' must be " + expected + ".");
        return handleExceptionInternal(e, problem.getBody(), new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    /** A parameter outside its bounds ({@code size=0}, {@code page=-1}, ...): each one named, with its value. */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        List<Map<String, Object>> errors = new ArrayList<>();
        for (ParameterValidationResult result : e.getParameterValidationResults()) {
            String name = parameterName(result);
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                errors.add(ApiProblem.error(name, result.getArgument(), error.getDefaultMessage()));
            }
        }
        ProblemDetail problem = ApiProblem.problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
                errors.stream().map(error -> "Parameter '" + error.get("name") + "' " + error.get("reason")
                        + " (given: " + error.get("value") + ").").collect(Collectors.joining(" ")));
        problem.setProperty("errors", errors);
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** A request body whose fields break their rules: each field named, with its value. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<Map<String, Object>> errors = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            errors.add(ApiProblem.error(error.getField(), error.getRejectedValue(), error.getDefaultMessage()));
        }
        ProblemDetail problem = ApiProblem.problem(HttpStatus.BAD_REQUEST, "invalid-body", "Invalid request body",
                errors.stream().map(error -> "Field '" + error.get("name") + "' " + error.get("reason") + ".")
                        .collect(Collectors.joining(" ")));
        problem.setProperty("errors", errors);
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** A request body that cannot be read: the field, its value and what it should be, or the unknown field. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof tools.jackson.databind.DatabindException) && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        Map<String, Object> error;
        if (cause instanceof UnrecognizedPropertyException unknown) {
            List<String> known = unknown.getKnownPropertyIds() == null ? List.of()
                    : unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            error = ApiProblem.error(unknown.getPropertyName(), null,
                    "is not a field of this body; the fields are " + String.join(", ", known));
        } else if (cause instanceof InvalidFormatException invalid) {
            error = ApiProblem.error(path(invalid), invalid.getValue(),
                    "must be " + expected(invalid.getTargetType()));
        } else if (cause instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
            error = ApiProblem.error(path(mismatched), null, "must be " + expected(mismatched.getTargetType()));
        } else if (cause instanceof tools.jackson.databind.DatabindException databind && !databind.getPath().isEmpty()) {
            java.time.format.DateTimeParseException time = unparsedTime(databind);
            error = ApiProblem.error(path(databind), time == null ? null : time.getParsedString(),
                    "must be " + expected(time == null ? null : java.time.Instant.class));
        } else {
            error = ApiProblem.error("body", null, "must be one JSON object as the schema shows");
        }
        ProblemDetail problem = ApiProblem.problem(HttpStatus.BAD_REQUEST, "invalid-body", "Invalid request body",
                ("body".equals(error.get("name")) ? "The body " : "Field '" + error.get("name") + "' ") + error.get("reason")
                        + (error.get("value") == null ? "." : " (given: " + error.get("value") + ")."));
        problem.setProperty("errors", List.of(error));
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        ApiProblem problem = ApiProblem.badParameter(e.getParameterName(), null,
                "Parameter '" + e.getParameterName() + "' is required.");
        return handleExceptionInternal(e, problem.getBody(), headers, HttpStatus.BAD_REQUEST, request);
    }

    private static String parameterName(ParameterValidationResult result) {
        String name = KnownParameters.requestParamName(result.getMethodParameter());
        return name == null ? "parameter" : name;
    }

    private static String path(tools.jackson.databind.DatabindException e) {
        return e.getPath().stream().map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** The time a client gave that could not be read (the text is kept with it), or null for any other failure. */
    private static java.time.format.DateTimeParseException unparsedTime(tools.jackson.databind.DatabindException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root instanceof java.time.format.DateTimeParseException parse ? parse : null;
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another kind";
        }
        return switch (type.getSimpleName()) {
            case "Instant" -> "an ISO-8601 instant such as 2026-06-30T00:00:00Z";
            case "Map" -> "an object of field names to patterns";
            case "String" -> "a string";
            case "int", "Integer", "long", "Long" -> "a whole number";
            default -> "a " + type.getSimpleName();
        };
    }

    @ExceptionHandler(UnknownDetectionException.class)
    ResponseEntity<Object> unknownDetection(UnknownDetectionException e, WebRequest request) {
        ApiProblem problem = ApiProblem.notFound(e.getMessage());
        return handleExceptionInternal(e, problem.getBody(), new HttpHeaders(), HttpStatus.NOT_FOUND, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        if (DatabaseFailures.unavailable(e)) {
            return databaseUnavailable(e, request);
        }
        log.error("Unexpected error", e);
        if (isHec(request)) {
            return hec(HecCode.INTERNAL_ERROR.response(), new HttpHeaders());
        }
        ProblemDetail body = ApiProblem.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "Internal error", "The request failed on the server; nothing of it was stored.");
        return handleExceptionInternal(e, body, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    /** An upload over the size limit: the answer any other body over the limit gets (body-too-large). */
    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e, HttpHeaders headers,
                                                                          HttpStatusCode status, WebRequest request) {
        return unreadableBody(UnreadableBody.tooLarge("The upload is larger than the limit (pssession.ingest.max-body-size)."),
                request);
    }

    /**
     * Gives Spring's own problems (type about:blank) a stable type named after their status. Its
     * handlers (405, 406, 415, 404 for an unknown path, ...) pass no body: the exception carries it.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        if (body == null && ex instanceof ErrorResponse response) {
            body = response.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
        }
        if (body instanceof ProblemDetail problem && isBlank(problem.getType())) {
            problem.setType(URI.create(ApiProblem.TYPE_BASE + ApiProblem.statusType(statusCode.value())));
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    private static boolean isBlank(URI type) {
        return type == null || "about:blank".equals(type.toString());
    }
}
