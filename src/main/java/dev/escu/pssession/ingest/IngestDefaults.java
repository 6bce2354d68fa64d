package dev.escu.pssession.ingest;

/**
 * What a request says about all of its events, as Splunk HEC's query parameters do: the
 * {@code host} (fallback for dest), {@code source} and {@code sourcetype} of events that carry none.
 */
public record IngestDefaults(String host, String source, String sourcetype) {

    public static final IngestDefaults NONE = new IngestDefaults(null, null, null);
}
