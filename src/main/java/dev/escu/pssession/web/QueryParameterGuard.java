package dev.escu.pssession.web;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses query parameters no endpoint could use, before they reach a controller or SQL: a value
 * that is not valid percent-encoding, a NUL character (PostgreSQL text cannot hold U+0000, and a NUL
 * sent to it fails the statement and marks a pooled connection broken), and names or values longer
 * than {@link #MAX_VALUE_LENGTH}. Every endpoint and parameter, present and future, is covered.
 *
 * <p>The query string is read by hand: asking the servlet request for its parameters would consume a
 * body sent as {@code application/x-www-form-urlencoded}, which HEC clients send.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class QueryParameterGuard extends OncePerRequestFilter {

    /** Longer values are addressed by id (a finding's drilldowns: {@code /api/v1/findings/{id}/...}). */
    static final int MAX_VALUE_LENGTH = 4096;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        String refused = query == null ? null : refusal(query);
        if (refused == null) {
            chain.doFilter(request, response);
            return;
        }
        ProblemDetail problem = ApiProblem.problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
                refused);
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        ProblemJson.write(response, problem);
    }

    /** Why the query string is refused, or {@code null}. */
    static String refusal(String query) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
            String name;
            String value;
            try {
                name = decode(rawName);
                value = decode(rawValue);
            } catch (IllegalArgumentException e) {
                return "Parameter '" + shown(rawName) + "' is not valid percent-encoded UTF-8 (" + e.getMessage() + ").";
            }
            if (name.length() > MAX_VALUE_LENGTH) {
                return "A parameter name is longer than " + MAX_VALUE_LENGTH + " characters.";
            }
            if (value.length() > MAX_VALUE_LENGTH) {
                return "Parameter '" + shown(name) + "' is longer than " + MAX_VALUE_LENGTH
                        + " characters; address long values by id (a finding's drilldowns: /api/v1/findings/{id}/...).";
            }
            if (name.indexOf('\u0000') >= 0 || value.indexOf('\u0000') >= 0) {
                return "Parameter '" + shown(name.replace('\u0000', '\uFFFD'))
                        + "' holds a NUL character (%00), which no stored value can contain.";
            }
        }
        return null;
    }

    /** Percent-decoding into UTF-8 that refuses what is not UTF-8, where Tomcat would fail the request later. */
    private static String decode(String raw) {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("a '%' must start two hex digits");
                }
                bytes.write(Character.digit(raw.charAt(i + 1), 16) << 4 | Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the bytes are not UTF-8");
        }
    }

    private static String shown(String name) {
        return name.length() > 64 ? name.substring(0, 64) + "..." : name;
    }

}
