package dev.escu.pssession.web;

import java.io.IOException;
import java.net.URI;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's error report, for requests Tomcat refuses before any servlet runs (a request line or
 * headers larger than it accepts, a malformed request): problem details instead of Tomcat's HTML
 * page, so a client sees the same kind of answer whatever layer refused it.
 */
public class TomcatProblemReport extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail(status));
        problem.setType(URI.create(ApiProblem.TYPE_BASE + ApiProblem.statusType(status)));
        problem.setTitle(known == null ? "Error" : known.getReasonPhrase());
        try {
            response.reset();
            response.setStatus(status);
            ProblemJson.write(response.getResponse(), problem);
            response.getResponse().flushBuffer();
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response was committed meanwhile: nothing more to say
        }
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "The server could not read the request: its request line or headers are malformed or larger "
                    + "than the server accepts (8 KB in all). Address long values by id, e.g. a finding's drilldowns "
                    + "under /api/v1/findings/{id}.";
            case 413 -> "The request is larger than the server accepts.";
            default -> "The server refused the request before it reached the service.";
        };
    }
}
