package dev.escu.pssession.web;

import java.net.URI;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The servlet container's error page, for errors raised outside Spring MVC (a request the security
 * firewall rejects, an exception thrown by a filter): problem details, as every other error answer,
 * instead of Spring Boot's default error map.
 */
@RestController
@Hidden
class ErrorProblems implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer c && HttpStatus.resolve(c) != null
                ? HttpStatus.valueOf(c) : HttpStatus.INTERNAL_SERVER_ERROR;
        Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String detail;
        if (thrown instanceof RequestRejectedException) {
            status = HttpStatus.BAD_REQUEST;
            detail = "The request URL holds characters the service refuses in a path (an encoded ';', '/', '\\', '%' "
                    + "or a control character); send such values as query parameters, percent-encoded.";
        } else if (status.is5xxServerError()) {
            detail = "The request failed on the server; nothing of it was stored.";
        } else {
            detail = status.getReasonPhrase() + ".";
        }
        ProblemDetail problem = ApiProblem.problem(status, ApiProblem.statusType(status.value()), status.getReasonPhrase(), detail);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path) {
            problem.setInstance(URI.create("").resolve(path.replace(" ", "%20")));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
