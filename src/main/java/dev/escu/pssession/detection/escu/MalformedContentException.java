package dev.escu.pssession.detection.escu;

/** A content file that cannot be read as what it should be; the file is skipped with this reason. */
final class MalformedContentException extends Exception {

    MalformedContentException(String reason) {
        super(reason);
    }
}
