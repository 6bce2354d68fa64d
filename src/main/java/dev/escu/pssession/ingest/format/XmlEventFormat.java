package dev.escu.pssession.ingest.format;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import dev.escu.pssession.detection.MatchPrefilter;

/**
 * {@code application/xml}, {@code text/xml}: raw {@code <Event>} elements as Windows renders them
 * (XmlWinEventLog). Fields come out under their Windows names: the System elements and attributes
 * ({@code Computer}, {@code EventID}, {@code SystemTime}, {@code UserID}, {@code ProcessID}, the
 * provider's {@code Name} and {@code Guid}, ...) and each {@code EventData/Data} by its
 * {@code Name} attribute.
 */
public final class XmlEventFormat implements EventFormat {

    /**
     * The one XML escape that can spell a letter of a detection's term: a character reference. (An
     * event the prefilter passes over is also read in full when it holds any reference but the five
     * predefined ones, which includes character references.)
     */
    private static final byte[] ESCAPE = {'&', '#'};

    private final ParseLimits limits;
    private final boolean anyText;
    private final XMLInputFactory factory;

    /**
     * Events that the sink's prefilter says no detection can match are split out but not parsed. A
     * body whose every piece was refused and none of them an {@code <Event>} element (not XML, an
     * unclosed element, only foreign elements) cannot be used at all (400); a body with no piece at all
     * (an empty wrapper) is read as no events, as JSON's {@code []} is.
     */
    public XmlEventFormat(ParseLimits limits) {
        this(limits, false);
    }

    /**
     * @param anyText whether a body without any {@code <Event>} element is still taken, its pieces
     *                rejected one by one (Splunk HEC's raw endpoint takes any text)
     */
    public XmlEventFormat(ParseLimits limits, boolean anyText) {
        this.limits = limits;
        this.anyText = anyText;
        this.factory = XMLInputFactory.newFactory();
        // no DTDs, no external or declared entities: only the five predefined ones and character references
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        // events are parsed one by one, away from a wrapper that may declare their prefixes
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    @Override
    public String name() {
        return "xml";
    }

    @Override
    public void parse(InputStream body, EventSink sink) throws IOException {
        int[] index = {0};
        int[] events = {0}; // whole <Event> elements, kept or refused for a per-event limit
        String[] firstRejection = {null};
        MatchPrefilter prefilter = sink.prefilter();
        new XmlEventSplitter(body, limits).split(new XmlEventSplitter.Segments() {
            @Override
            public void event(byte[] bytes, int length, boolean hasDeclaration, boolean hasReference) {
                events[0]++;
                int i = index[0]++;
                // A comment or CDATA section can split a term that the parser then joins
                // ("Enter-PS<![CDATA[Session]]>"), and an '&' that starts none of the predefined
                // references makes the event malformed: such events are read in full, so they match or
                // are rejected as without the early reject. Windows renders neither.
                if (!hasDeclaration && !prefilter.mayMatch(bytes, 0, length, ESCAPE)
                        && (!hasReference || onlyPredefinedReferences(bytes, length))) {
                    sink.skip(i); // early reject: split by its structure, not parsed
                    return;
                }
                try {
                    Map<String, String> fields = readEvent(bytes, length);
                    sink.accept(i, WindowsXmlEvents.event(fields, Map.of()));
                } catch (XMLStreamException e) {
                    sink.reject(i, "Malformed XML event: " + describe(e));
                }
            }

            @Override
            public void rejected(String reason, boolean anEvent) {
                if (anEvent) {
                    events[0]++;
                }
                if (firstRejection[0] == null) {
                    firstRejection[0] = reason;
                }
                sink.reject(index[0]++, reason);
            }
        });
        if (events[0] == 0 && firstRejection[0] != null && !anyText) {
            throw new UnusableBodyException(UnusableBodyException.Kind.UNREADABLE,
                    "The body holds no complete <Event> element: " + firstRejection[0]);
        }
    }

    /**
     * One event handed over as a string, as in the {@code event} of a Splunk HEC envelope: read as a
     * body would be, with the sender's metadata. Anything but exactly one well-formed {@code <Event>}
     * is rejected, never the request: Splunk would index such a string as plain text.
     */
    public void parseEvent(String event, int index, Map<String, String> meta, EventSink sink) {
        OneSegment one = new OneSegment();
        try {
            new XmlEventSplitter(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), limits).split(one);
        } catch (UnusableBodyException e) {
            sink.reject(index, "Not a usable Windows event: " + e.getMessage());
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        if (one.count == 0) {
            sink.reject(index, "Not a Windows event: the event string holds no <Event> element.");
        } else if (one.count > 1) {
            sink.reject(index, "Not one Windows event: the event string holds " + one.count + " elements.");
        } else if (one.failure != null) {
            sink.reject(index, one.failure);
        } else {
            try {
                Map<String, String> fields = readEvent(one.bytes, one.bytes.length);
                sink.accept(index, WindowsXmlEvents.event(fields, meta));
            } catch (XMLStreamException e) {
                sink.reject(index, "Malformed XML event: " + describe(e));
            }
        }
    }

    /** Keeps the only segment of a string, or why it failed. */
    private static final class OneSegment implements XmlEventSplitter.Segments {
        int count;
        byte[] bytes;
        String failure;

        @Override
        public void event(byte[] segment, int length, boolean hasDeclaration, boolean hasReference) {
            if (count++ == 0) { // always read in full: no early reject here
                bytes = Arrays.copyOf(segment, length); // the splitter reuses its buffer
            }
        }

        @Override
        public void rejected(String reason, boolean anEvent) {
            if (count++ == 0) {
                failure = reason;
            }
        }
    }

    private static final byte[][] PREDEFINED = {
        "amp;".getBytes(StandardCharsets.US_ASCII), "lt;".getBytes(StandardCharsets.US_ASCII),
        "gt;".getBytes(StandardCharsets.US_ASCII), "quot;".getBytes(StandardCharsets.US_ASCII),
        "apos;".getBytes(StandardCharsets.US_ASCII)};

    /** Whether every '&' of the event starts one of the five predefined entity references. */
    private static boolean onlyPredefinedReferences(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '&' && !startsPredefinedReference(bytes, i + 1, length)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsPredefinedReference(byte[] bytes, int from, int length) {
        for (byte[] name : PREDEFINED) {
            if (from + name.length <= length && Arrays.equals(bytes, from, from + name.length, name, 0, name.length)) {
                return true;
            }
        }
        return false;
    }

    private Map<String, String> readEvent(byte[] bytes, int length) throws XMLStreamException {
        byte[] protectedBytes = XmlControlCharacters.protect(bytes, length);
        ByteArrayInputStream in = protectedBytes == null
                ? new ByteArrayInputStream(bytes, 0, length) : new ByteArrayInputStream(protectedBytes);
        XMLStreamReader xml = factory.createXMLStreamReader(in, "UTF-8");
        try {
            return readFields(xml);
        } finally {
            xml.close();
        }
    }

    private Map<String, String> readFields(XMLStreamReader xml) throws XMLStreamException {
        Map<String, String> fields = new LinkedHashMap<>();
        Deque<String> path = new ArrayDeque<>();
        StringBuilder text = new StringBuilder();
        String dataName = null;
        while (xml.hasNext()) {
            switch (xml.next()) {
                case XMLStreamConstants.START_ELEMENT -> {
                    String name = local(xml.getLocalName());
                    String parent = path.peek();
                    path.push(name);
                    text.setLength(0);
                    if ("System".equals(parent)) {
                        systemAttributes(name, xml, fields);
                    } else if ("Data".equals(name) && "EventData".equals(parent)) {
                        dataName = attribute(xml, "Name");
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        appendBounded(text, xml.getText());
                case XMLStreamConstants.END_ELEMENT -> {
                    String name = path.pop();
                    String parent = path.peek();
                    if ("System".equals(parent) && SYSTEM_TEXT.contains(name)) {
                        fields.putIfAbsent(name, XmlControlCharacters.restore(text.toString()));
                    } else if ("Data".equals(name) && "EventData".equals(parent) && dataName != null) {
                        fields.putIfAbsent(dataName, XmlControlCharacters.restore(text.toString()));
                        dataName = null;
                    }
                    text.setLength(0);
                }
                default -> { }
            }
        }
        return fields;
    }

    private void appendBounded(StringBuilder text, String chunk) throws XMLStreamException {
        if (text.length() + chunk.length() > limits.maxFieldChars()) {
            throw new XMLStreamException("a field is longer than " + limits.maxFieldChars() + " characters");
        }
        text.append(chunk);
    }

    /** System elements whose text is a field, under the element's name. */
    private static final Set<String> SYSTEM_TEXT = Set.of(
            "EventID", "Version", "Level", "Task", "Opcode", "Keywords", "EventRecordID", "Channel", "Computer");

    private static void systemAttributes(String element, XMLStreamReader xml, Map<String, String> fields) {
        switch (element) {
            case "Provider" -> {
                putAttribute(xml, "Name", "Name", fields);
                putAttribute(xml, "Guid", "Guid", fields);
            }
            case "TimeCreated" -> putAttribute(xml, "SystemTime", "SystemTime", fields);
            case "Correlation" -> putAttribute(xml, "ActivityID", "ActivityID", fields);
            case "Execution" -> {
                putAttribute(xml, "ProcessID", "ProcessID", fields);
                putAttribute(xml, "ThreadID", "ThreadID", fields);
            }
            case "Security" -> putAttribute(xml, "UserID", "UserID", fields);
            default -> { }
        }
    }

    private static void putAttribute(XMLStreamReader xml, String attribute, String field, Map<String, String> fields) {
        String value = attribute(xml, attribute);
        if (value != null) {
            fields.putIfAbsent(field, value);
        }
    }

    private static String attribute(XMLStreamReader xml, String name) {
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            if (local(xml.getAttributeLocalName(i)).equals(name)) {
                return xml.getAttributeValue(i);
            }
        }
        return null;
    }

    private static String local(String name) {
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(colon + 1);
    }

    private static String describe(XMLStreamException e) {
        String message = e.getMessage();
        // the JDK prefixes "ParseError at [row,col]:[r,c]\nMessage: "
        int at = message == null ? -1 : message.indexOf("Message: ");
        return at < 0 ? String.valueOf(message) : message.substring(at + "Message: ".length());
    }
}
