package dev.escu.pssession.ingest;

import java.io.IOException;

/** The body grew past a size limit while being read (an I/O failure, so parsers pass it on). */
class BodyLimitExceededException extends IOException {

    BodyLimitExceededException(String message) {
        super(message);
    }
}
