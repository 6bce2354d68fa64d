package dev.escu.pssession.web;

import java.io.IOException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import jakarta.servlet.http.HttpServletResponse;

/**
 * An answer of the Splunk HTTP Event Collector: the body {@code {"text": ..., "code": ...}}, for a
 * bad event of a batch with its 0-based {@code "invalid-event-number"}, and the HTTP status that
 * goes with the code. The answers themselves come from {@link HecCode}, Splunk's table of them.
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
