package dev.escu.pssession.ingest.format.evtx;

/** One record cannot be read; its reason becomes that record's rejection. Thrown often on hostile files, so it has no stack trace. */
final class BadRecordException extends RuntimeException {

    BadRecordException(String reason) {
        super(reason, null, false, false);
    }
}
