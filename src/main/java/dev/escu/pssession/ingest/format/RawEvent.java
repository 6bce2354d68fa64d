package dev.escu.pssession.ingest.format;

import java.util.Map;

/**
 * An event as a parser read it, before normalisation. Values are looked up in {@code fields}, then
 * {@code meta}, then the request's own defaults, then {@code derived}: a value given explicitly
 * wins over a derived one.
 *
 * @param fields  the event's own fields, named as the format spells them (Windows XML names,
 *                Splunk names, or dotted paths of a nested JSON object)
 * @param meta    transport metadata sent with the event (HEC {@code host}, {@code source},
 *                {@code sourcetype}, {@code time}, and below them HEC's indexed {@code fields},
 *                which are looked up under Splunk's field names only)
 * @param derived values the parser inferred (the source of an XML event from its channel)
 */
public record RawEvent(Map<String, String> fields, Map<String, String> meta, Map<String, String> derived) {

    public RawEvent(Map<String, String> fields) {
        this(fields, Map.of(), Map.of());
    }
}
