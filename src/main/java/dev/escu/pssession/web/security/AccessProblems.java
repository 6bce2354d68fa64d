package dev.escu.pssession.web.security;

import java.io.IOException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import dev.escu.pssession.web.ApiProblem;
import dev.escu.pssession.web.HecCode;
import dev.escu.pssession.web.HecResponse;
import dev.escu.pssession.web.ProblemJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * 401 and 403 answers: RFC 9457 problem details, except on the HEC endpoints, whose clients
 * (log shippers) expect Splunk's own bodies and codes.
 */
final class AccessProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AccessProblems.class);

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        AuthFailure failure = e instanceof OAuth2AuthenticationException ? AuthFailure.INVALID : AuthFailure.of(request);
        log.warn("Refused authentication of {} from {} for {} {}: {}", AuthFailure.who(request), request.getRemoteAddr(),
                request.getMethod(), request.getRequestURI(), switch (failure) {
                    case MISSING -> "no credentials";
                    case MALFORMED -> "an Authorization header that is neither 'Bearer <key>' nor 'Splunk <key>'";
                    case INVALID -> e instanceof OAuth2AuthenticationException ? "an invalid token (" + e.getMessage() + ")"
                            : "an API key that is not configured";
                    case QUERY_TOKEN_DISABLED -> "a ?token= while query-string tokens are off";
                });
        if (isHec(request)) {
            HecResponse answer = switch (failure) {
                case MISSING -> HecCode.TOKEN_REQUIRED.response();
                case MALFORMED -> HecCode.INVALID_AUTHORIZATION.response();
                case INVALID -> HecCode.INVALID_TOKEN.response();
                case QUERY_TOKEN_DISABLED -> HecCode.QUERY_STRING_AUTHORIZATION_DISABLED.response();
            };
            answer.writeTo(response);
            return;
        }
        response.setHeader("WWW-Authenticate", "Bearer realm=\"pssession-detector\"");
        String detail = switch (failure) {
            case MISSING -> "Send an API key as 'Authorization: Bearer <key>'.";
            case MALFORMED -> "The Authorization header must be 'Bearer <key>' (or 'Splunk <key>').";
            case INVALID -> "The API key or token is not valid.";
            case QUERY_TOKEN_DISABLED -> "Send the token as 'Authorization: Splunk <token>'; ?token= is not enabled.";
        };
        problem(request, response, ApiProblem.problem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        java.security.Principal principal = request.getUserPrincipal();
        log.warn("Refused {} from {} for {} {}: its role may not do this", principal == null ? "a client" : "'" + principal.getName() + "'",
                request.getRemoteAddr(), request.getMethod(), request.getRequestURI());
        if (isHec(request)) {
            HecCode.INVALID_TOKEN.response().writeTo(response);
            return;
        }
        problem(request, response, ApiProblem.problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "Your key's role may not do this: ingest posts events, analyst reads, admin tunes."));
    }

    private static void problem(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        ProblemJson.write(response, problem);
    }

    static boolean isHec(HttpServletRequest request) {
        return HecResponse.isHecPath(request.getRequestURI());
    }
}
