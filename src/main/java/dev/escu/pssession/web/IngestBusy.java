package dev.escu.pssession.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * An ingest batch that did not get its turn at the database in time: nothing of it was stored. Answered
 * 503 with {@code Retry-After}, on the HEC paths as HEC's "Server is busy" (code 9), which shippers retry.
 * Not an {@link ApiProblem}: that is a request's own fault (a file of an upload reports its own), this is
 * the service's state, so it fails a whole upload as a database failure does.
 */
public final class IngestBusy extends ErrorResponseException {

    public IngestBusy(String detail) {
        super(HttpStatus.SERVICE_UNAVAILABLE, ApiProblem.problem(HttpStatus.SERVICE_UNAVAILABLE, "ingest-busy", "Ingest busy",
                detail), null);
    }
}
