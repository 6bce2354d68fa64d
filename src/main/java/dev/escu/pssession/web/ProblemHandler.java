package dev.escu.pssession.web;

import java.net.URI;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.escu.pssession.detection.UnknownDetectionException;

/**
 * Every error as RFC 9457 problem details with a stable {@code type} URI: our own
 * {@link ApiProblem}s, Spring MVC's errors (415, 405, 400 ...), a database that is away (503 with
 * {@code Retry-After}), and anything unexpected (500, without internals).
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    static final String RETRY_AFTER_SECONDS = "5";

    private ResponseEntity<Object> databaseUnavailable(Exception e, WebRequest request) {
        log.warn("Database unavailable: {}", e.getMessage());
        ProblemDetail body = ApiProblem.problem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                "Database unavailable", "The database cannot be reached; nothing of this request was stored. Retry later.");
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        return handleExceptionInternal(e, body, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> badParameter(MethodArgumentTypeMismatchException e, WebRequest request) {
        ApiProblem problem = ApiProblem.badParameter(e.getName(),
                "Parameter '" + e.getName() + "' has an invalid value.");
        return handleExceptionInternal(e, problem.getBody(), new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
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
        ProblemDetail body = ApiProblem.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "Internal error", "The request failed on the server; nothing of it was stored.");
        return handleExceptionInternal(e, body, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    /** Gives Spring's own problems (type about:blank) a stable type named after their status. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && isBlank(problem.getType())) {
            HttpStatus status = HttpStatus.resolve(statusCode.value());
            String slug = status == null ? String.valueOf(statusCode.value())
                    : status.name().toLowerCase(Locale.ROOT).replace('_', '-');
            problem.setType(URI.create(ApiProblem.TYPE_BASE + slug));
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    private static boolean isBlank(URI type) {
        return type == null || "about:blank".equals(type.toString());
    }
}
