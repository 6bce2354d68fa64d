package dev.escu.pssession.web;

/**
 * Splunk's table "Possible error codes" of the HTTP Event Collector (Splunk Enterprise, Getting Data In,
 * "Troubleshoot HTTP Event Collector"): each code with its text and the HTTP status that goes with it,
 * so that shippers' retry logic behaves as it does against Splunk (4xx are not retried, 503 is).
 */
public enum HecCode {
    SUCCESS(200, "Success", 0),
    TOKEN_REQUIRED(401, "Token is required", 2),
    INVALID_AUTHORIZATION(401, "Invalid authorization", 3),
    INVALID_TOKEN(403, "Invalid token", 4),
    NO_DATA(400, "No data", 5),
    /** The body as a whole cannot be read (bad gzip, an unsupported encoding, a refused XML construct), or one event of it. */
    INVALID_DATA_FORMAT(400, "Invalid data format", 6),
    INTERNAL_ERROR(500, "Internal server error", 8),
    /** The service cannot store events now (its database is away): shippers retry a 503. */
    SERVER_BUSY(503, "Server is busy", 9),
    EVENT_FIELD_REQUIRED(400, "Event field is required", 12),
    EVENT_FIELD_BLANK(400, "Event field cannot be blank", 13),
    /** Indexer acknowledgement is off: a 200 comes only after the events are stored, so there is nothing to poll for. */
    ACK_DISABLED(400, "ACK is disabled", 14),
    INDEXED_FIELDS_ERROR(400, "Error in handling indexed fields", 15),
    /** For a security layer that refuses {@code ?token=} while query-string tokens are off. */
    QUERY_STRING_AUTHORIZATION_DISABLED(400, "Query string authorization is not enabled", 16),
    HEALTHY(200, "HEC is healthy", 17),
    /** Splunk's closest code for "cannot accept data now"; here the database is what is full or away. */
    UNHEALTHY(503, "HEC is unhealthy, queues are full", 18),
    /**
     * A body over the size limit. Splunk's table has no code for this (splunkd refuses an oversized
     * body before HEC reads it); status 413 with code 6 is what other HEC receivers answer.
     */
    REQUEST_TOO_LARGE(413, "Request entity too large", 6);

    private final HecResponse response;

    HecCode(int status, String text, int code) {
        this.response = new HecResponse(status, text, code, null);
    }

    /** The answer for a request as a whole. */
    public HecResponse response() {
        return response;
    }

    /** The answer naming the 0-based envelope of the batch that failed. */
    public HecResponse response(int invalidEventNumber) {
        return new HecResponse(response.status(), response.text(), response.code(), invalidEventNumber);
    }
}
