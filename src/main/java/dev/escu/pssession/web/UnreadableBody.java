package dev.escu.pssession.web;

import org.springframework.http.HttpStatus;

/**
 * A request body that cannot be used as a whole (nothing of it was stored), with its answer for each
 * kind of client: a problem on the service's own API, Splunk HEC's answer on the HEC paths. The one
 * {@link ProblemHandler} gives the one that fits the request.
 */
public final class UnreadableBody extends ApiProblem {

    private final transient HecResponse hecAnswer;

    private UnreadableBody(HttpStatus status, String type, String title, String detail, HecResponse hecAnswer) {
        super(status, type, title, detail);
        this.hecAnswer = hecAnswer;
    }

    /** The answer on the HEC paths. */
    public HecResponse hecAnswer() {
        return hecAnswer;
    }

    /** Larger than the limit, as sent or once inflated. */
    public static UnreadableBody tooLarge(String detail) {
        return new UnreadableBody(HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large", "Body too large", detail,
                HecCode.REQUEST_TOO_LARGE.response());
    }

    /** A Content-Encoding other than identity and gzip. */
    public static UnreadableBody unsupportedEncoding(String detail) {
        return new UnreadableBody(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-encoding", "Unsupported content encoding",
                detail, HecCode.INVALID_DATA_FORMAT.response());
    }

    /** A construct refused before any event is read (an XML DOCTYPE or entity declaration). */
    public static UnreadableBody forbiddenXml(String detail) {
        return new UnreadableBody(HttpStatus.BAD_REQUEST, "forbidden-xml", "Forbidden XML construct", detail,
                HecCode.INVALID_DATA_FORMAT.response());
    }

    /** Bytes that are no body of the declared format at all (bad gzip, an unreadable document). */
    public static UnreadableBody unreadable(String detail) {
        return new UnreadableBody(HttpStatus.BAD_REQUEST, "unreadable-body", "Unreadable body", detail,
                HecCode.INVALID_DATA_FORMAT.response());
    }

    /** The body ended early or the connection broke: the batch was rolled back whole. */
    public static UnreadableBody incomplete() {
        return new UnreadableBody(HttpStatus.BAD_REQUEST, "incomplete-body", "Incomplete body",
                "The body could not be read to its end; nothing of it was stored.", HecCode.INVALID_DATA_FORMAT.response());
    }

    /** A HEC envelope that HEC refuses, with HEC's own answer for it. */
    public static UnreadableBody invalidEnvelope(HecResponse answer, String detail) {
        return new UnreadableBody(HttpStatus.BAD_REQUEST, "invalid-hec-envelope", "Invalid HEC envelope", detail, answer);
    }
}
