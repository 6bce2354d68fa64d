package dev.escu.pssession.web;

import java.io.IOException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import jakarta.servlet.http.HttpServletResponse;

/**
 * An answer of the Splunk HTTP Event Collector: the body {@code {"text": ..., "code": ...}}, for a
 * bad event of a batch with its 0-based {@code "invalid-event-number"}, and the HTTP status that
 * goes with the code. Codes, texts and statuses are those of Splunk's table "Possible error codes"
 * (Splunk Enterprise, Getting Data In, "Troubleshoot HTTP Event Collector"), so that shippers'
 * retry logic behaves as it does against Splunk: 4xx are not retried, 503 is.
 *
 * <p>Everything that answers on {@code /services/collector/**} renders its answers from here: the
 * HEC controller, and a security layer that must answer HEC-shaped 401/403 (use {@link #writeTo}
 * from a filter or an entry point). It sits in {@code web} so that layer can use it without
 * depending on {@code ingest}.
 *
 * @param status             the HTTP status
 * @param text               HEC's message
 * @param code               HEC's status code
 * @param invalidEventNumber the 0-based position of the envelope that failed, or {@code null}
 */
public record HecResponse(int status, String text, int code, Integer invalidEventNumber) {

    /** Whether a request's path is one of the Splunk HEC paths, whose clients read these answers. */
    public static boolean isHecPath(String requestUri) {
        return requestUri.startsWith("/services/collector");
    }

    public static HecResponse success() {
        return new HecResponse(200, "Success", 0, null);
    }

    public static HecResponse tokenRequired() {
        return new HecResponse(401, "Token is required", 2, null);
    }

    public static HecResponse invalidAuthorization() {
        return new HecResponse(401, "Invalid authorization", 3, null);
    }

    public static HecResponse invalidToken() {
        return new HecResponse(403, "Invalid token", 4, null);
    }

    public static HecResponse noData() {
        return new HecResponse(400, "No data", 5, null);
    }

    /** The body as a whole cannot be read (bad gzip, an unsupported encoding, a refused XML construct). */
    public static HecResponse invalidDataFormat() {
        return new HecResponse(400, "Invalid data format", 6, null);
    }

    public static HecResponse invalidDataFormat(int eventNumber) {
        return new HecResponse(400, "Invalid data format", 6, eventNumber);
    }

    public static HecResponse internalError() {
        return new HecResponse(500, "Internal server error", 8, null);
    }

    /** The service cannot store events now (its database is away): shippers retry a 503. */
    public static HecResponse serverBusy() {
        return new HecResponse(503, "Server is busy", 9, null);
    }

    public static HecResponse eventFieldRequired(int eventNumber) {
        return new HecResponse(400, "Event field is required", 12, eventNumber);
    }

    public static HecResponse eventFieldBlank(int eventNumber) {
        return new HecResponse(400, "Event field cannot be blank", 13, eventNumber);
    }

    public static HecResponse indexedFieldsError(int eventNumber) {
        return new HecResponse(400, "Error in handling indexed fields", 15, eventNumber);
    }

    /** For a security layer that refuses {@code ?token=} while query-string tokens are off. */
    public static HecResponse queryStringAuthorizationDisabled() {
        return new HecResponse(400, "Query string authorization is not enabled", 16, null);
    }

    public static HecResponse healthy() {
        return new HecResponse(200, "HEC is healthy", 17, null);
    }

    /** Splunk's closest code for "cannot accept data now"; here the database is what is full or away. */
    public static HecResponse unhealthy() {
        return new HecResponse(503, "HEC is unhealthy, queues are full", 18, null);
    }

    /**
     * A body over the size limit. Splunk's table has no code for this (splunkd refuses an oversized
     * body before HEC reads it); status 413 with code 6 is what other HEC receivers answer.
     */
    public static HecResponse requestTooLarge() {
        return new HecResponse(413, "Request entity too large", 6, null);
    }

    /** The body exactly as Splunk writes it: {@code {"text":"...","code":N[,"invalid-event-number":N]}}. */
    public String json() {
        StringBuilder json = new StringBuilder(64).append("{\"text\":\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\');
            }
            json.append(c);
        }
        json.append("\",\"code\":").append(code);
        if (invalidEventNumber != null) {
            json.append(",\"invalid-event-number\":").append(invalidEventNumber);
        }
        return json.append('}').toString();
    }

    /** For a controller. */
    public ResponseEntity<String> toResponseEntity() {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(json());
    }

    /** For a servlet filter or a security entry point, outside Spring MVC. */
    public void writeTo(HttpServletResponse response) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.getWriter().write(json());
    }
}
