package dev.escu.pssession.ingest.format;

import java.util.Map;

/**
 * A Windows event read from its XML form (XmlWinEventLog text, or the BinXml of an .evtx file) as
 * Splunk indexes it: with the source its Windows add-on gives it.
 */
public final class WindowsXmlEvents {

    private static final Map<String, String> DERIVED = Map.of("source", "XmlWinEventLog:", "sourcetype", "XmlWinEventLog");

    private WindowsXmlEvents() {
    }

    /**
     * The add-on rewrites the source of every XML event at index time (transform
     * {@code ta-windows-fix-xml-source}: {@code source = XmlWinEventLog:<Channel>}), whatever the sender
     * said, so an event of another channel posted with a PowerShell source is not PowerShell's: as an
     * event field it wins over the sender's metadata and the request's defaults. The transform's pattern
     * needs a non-empty {@code <Channel>}; without one the sender's source stands, and without that the
     * event's source is {@code XmlWinEventLog:} (DETECTION.md step 1), so it is not taken for PowerShell's.
     *
     * @param fields the event's fields under their Windows names; a {@code source} is added to it
     */
    public static RawEvent event(Map<String, String> fields, Map<String, String> meta) {
        String channel = fields.get("Channel");
        if (channel != null && !channel.isEmpty()) {
            fields.put("source", "XmlWinEventLog:" + channel);
        }
        return new RawEvent(fields, meta, DERIVED);
    }
}
