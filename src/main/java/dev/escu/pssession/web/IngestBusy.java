package dev.escu.pssession.web;

import org.springframework.http.HttpStatus;

/**
 * An ingest batch that did not get its turn at the database in time: nothing of it was stored. Answered
 * 503 with {@code Retry-After}, on the HEC paths as HEC's "Server is busy" (code 9), which shippers retry.
 */
public final class IngestBusy extends ApiProblem {

    public IngestBusy(String detail) {
        super(HttpStatus.SERVICE_UNAVAILABLE, "ingest-busy", "Ingest busy", detail);
    }
}
