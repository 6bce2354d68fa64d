package dev.escu.pssession.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An RFC 9457 problem with a stable {@code type} URI. Throw it from any controller; the one
 * {@link ProblemHandler} renders it as {@code application/problem+json}.
 */
public class ApiProblem extends ErrorResponseException {

    /** Base of every problem type URI; each type has a page under it (see the README). */
    public static final String TYPE_BASE = "https://pssession-detector.dev/problems/";

    public ApiProblem(HttpStatus status, String type, String title, String detail) {
        super(status, problem(status, type, title, detail), null);
    }

    /** The problem type named after an HTTP status, for answers that have no type of their own ({@code not-found}, ...). */
    public static String statusType(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? String.valueOf(status) : known.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }

    public static ApiProblem badParameter(String name, String detail) {
        return badParameter(name, null, detail);
    }

    /** A query or path parameter that cannot be used, with its value and why. */
    public static ApiProblem badParameter(String name, Object value, String detail) {
        ApiProblem problem = new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", detail);
        problem.getBody().setProperty("parameter", name);
        problem.getBody().setProperty("errors", java.util.List.of(error(name, value, detail)));
        return problem;
    }

    /** One entry of a problem's {@code errors}: the parameter or field, the value given, what is wrong. */
    public static java.util.Map<String, Object> error(String name, Object value, String reason) {
        java.util.Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("name", name);
        error.put("value", value);
        error.put("reason", reason);
        return error;
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "Not found", what);
    }
}
