package dev.escu.pssession.bench;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

import org.codehaus.stax2.XMLStreamReader2;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;

import dev.escu.pssession.detection.MatchPrefilter;
import dev.escu.pssession.ingest.format.EventSink;
import dev.escu.pssession.ingest.format.NdjsonEventFormat;
import dev.escu.pssession.ingest.format.ParseLimits;
import dev.escu.pssession.ingest.format.RawEvent;
import dev.escu.pssession.ingest.format.ScannerAccess;
import dev.escu.pssession.ingest.format.XmlEventFormat;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The service's hand-written byte scanners against the closest library path that gives the same
 * guarantees, on one thread (issue 21 item 6):
 * {@code ScannerBench [--only json|lines|xml|context|all] [--runs 9] [--warmup 5]
 * [--ndjson target/bench/corpus/scanner-1pct.ndjson] [--xml-sample ../shared/samples/powershell-4104.xml]
 * [--xml-mb 100] [--every-round]}.
 *
 * <ul>
 *   <li>{@code json}: {@code JsonSyntax.check} (the early reject's check that a line it does not read
 *       is one well-formed object) against Jackson's streaming parser with the service's own factory
 *       and limits ({@code JsonObjects}: nesting depth, raw control characters): {@code nextToken()}
 *       must be START_OBJECT, {@code skipChildren()}, then nothing may follow. Every line of the
 *       corpus, in memory. Before timing, both must agree on every corpus line and on mutated ones.</li>
 *   <li>{@code lines}: {@code LineReader} against {@code BufferedInputStream.read()} with a plain byte
 *       loop, 64 KiB reads with a plain byte loop, and {@code BufferedReader.readLine} on a UTF-8
 *       reader (alone, and with {@code getBytes(UTF_8)}, the bytes the prefilter and the check need).
 *       The byte loops copy each line into a buffer bounded by the line limit, as LineReader does for
 *       a line across chunks; {@code readLine} has no bound and decodes (malformed UTF-8 becomes
 *       U+FFFD instead of a rejected line).</li>
 *   <li>{@code xml}: {@code XmlEventSplitter} against StAX cutting the same body into one piece per
 *       {@code <Event>}, DTDs refused, the depth and size limits checked: the JDK's parser with each
 *       event written again by the JDK's {@code XMLStreamWriter} (the JDK's parser gives no reliable
 *       offsets), Woodstox with its exact character offsets turned into the body's byte ranges (what
 *       the splitter hands on), and the JDK's parser finding the boundaries only (yields nothing the
 *       early reject could scan: the floor of any StAX path). The body: the sample's events, one in a
 *       hundred a matching one, EventRecordID renumbered, inside one {@code <Events>} element (the
 *       JDK's parser reads one document only). Before timing, two bodies with a malformed event in the
 *       middle show what the splitter does that no StAX parser does: it goes on with the next event.</li>
 *   <li>{@code context}: the whole NDJSON and XML formats with the seed detection's prefilter (the
 *       early reject as the service runs it), parse only: what each scanner is a part of.</li>
 * </ul>
 *
 * <p>Each round runs every variant once, in a rotating order; after {@code --warmup} rounds,
 * {@code --runs} rounds are measured. Figures are medians over the measured rounds, by the measuring
 * thread's CPU time (the machine is shared), with the minimum and maximum, the whole process's CPU
 * time (which also counts the garbage collector's threads) and the wall clock. Every pass returns a
 * checksum of what it produced, added to a sink printed at the end. Keep outputs under target/.
 */
public final class ScannerBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ParseLimits LIMITS = PipelineBenchmark.limits();
    private static final String NOT_AN_OBJECT = "Not a JSON object";
    private static final String TRAILING = "Unexpected content after the event object";

    private static long sink;
    private static boolean everyRound;

    interface Pass {
        /** One pass over the input; returns a checksum of what it produced. */
        long run() throws Exception;
    }

    record Variant(String name, String yields, Pass pass) {
    }

    public static void main(String[] args) throws Exception {
        // The bench classpath holds Woodstox (for the comparison below); the service runs on the JDK's StAX.
        System.setProperty("javax.xml.stream.XMLInputFactory", "com.sun.xml.internal.stream.XMLInputFactoryImpl");
        Args a = new Args(args);
        String only = a.get("only", "all");
        int runs = Integer.parseInt(a.get("runs", "9"));
        int warmup = Integer.parseInt(a.get("warmup", "5"));
        everyRound = a.flag("every-round");
        System.out.printf(Locale.ROOT, "%s, %d cores, load average %s; %d warm-up and %d measured rounds%n",
                System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(), load(), warmup, runs);

        byte[] ndjson = null;
        int[][] lines = null;
        if (!only.equals("xml")) {
            Path file = Path.of(a.get("ndjson", "target/bench/corpus/scanner-1pct.ndjson"));
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Corpus.main(new String[] {"--out", file.toString(), "--events", "200000", "--match-rate", "0.01"});
            }
            ndjson = Files.readAllBytes(file);
            lines = lineIndex(ndjson);
            System.out.printf(Locale.ROOT, "NDJSON: %s, %,d lines, %,d bytes (%.0f bytes a line)%n",
                    file, lines[0].length, ndjson.length, (double) ndjson.length / lines[0].length);
        }
        byte[] xml = null;
        if (only.equals("xml") || only.equals("context") || only.equals("all")) {
            Path sample = Path.of(a.get("xml-sample", "../shared/samples/powershell-4104.xml"));
            xml = xmlBody(Files.readAllBytes(sample), (long) (Double.parseDouble(a.get("xml-mb", "100")) * 1e6));
        }
        if (only.equals("json") || only.equals("all")) {
            json(ndjson, lines, runs, warmup);
        }
        if (only.equals("lines") || only.equals("all")) {
            lines(ndjson, lines[0].length, runs, warmup);
        }
        if (only.equals("xml") || only.equals("all")) {
            xml(xml, Files.readAllBytes(Path.of(a.get("xml-sample", "../shared/samples/powershell-4104.xml"))), runs, warmup);
        }
        if (only.equals("context") || only.equals("all")) {
            context(ndjson, lines[0].length, xml, runs, warmup);
        }
        System.out.printf(Locale.ROOT, "load average at the end %s [sink %d]%n", load(), sink);
    }

    // ---- JSON ---------------------------------------------------------------------------------

    private static void json(byte[] body, int[][] lines, int runs, int warmup) throws Exception {
        int[] starts = lines[0];
        int[] lengths = lines[1];
        ScannerAccess.Syntax syntax = new ScannerAccess.Syntax(LIMITS.maxDepth());
        ScannerAccess.Json json = new ScannerAccess.Json(LIMITS);

        // the same answers: on every corpus line, and on mutated lines (both answers common)
        int wellFormed = 0;
        for (int i = 0; i < starts.length; i++) {
            boolean ours = syntax.check(body, starts[i], lengths[i]) == null;
            boolean jackson = jackson(json, body, starts[i], lengths[i]) == null;
            if (ours != jackson) {
                throw new IllegalStateException("JsonSyntax and Jackson disagree on line " + (i + 1));
            }
            wellFormed += ours ? 1 : 0;
        }
        SplittableRandom random = new SplittableRandom(4104);
        byte[] tokens = "{}[]\",:\\ 0123456789.eE+-tfnulx\u00e9".getBytes(StandardCharsets.UTF_8);
        int mutated = 0;
        int rejected = 0;
        int disagreements = 0;
        for (int i = 0; i < Math.min(starts.length, 2000); i++) {
            byte[] original = Arrays.copyOfRange(body, starts[i], starts[i] + lengths[i]);
            for (int round = 0; round < 10; round++) {
                byte[] line = mutate(original, random, tokens);
                boolean ours = syntax.check(line, 0, line.length) == null;
                boolean jackson = jackson(json, line, 0, line.length) == null;
                mutated++;
                rejected += jackson ? 0 : 1;
                if (ours != jackson) {
                    disagreements++;
                    if (disagreements <= 3) {
                        System.out.println("  disagreement (Jackson " + (jackson ? "accepts" : "rejects") + "): "
                                + new String(line, 0, Math.min(line.length, 300), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "json: %,d of %,d corpus lines well-formed by both; %,d mutated lines, %,d rejected by Jackson,"
                + " %d disagreements%n", wellFormed, starts.length, mutated, rejected, disagreements);

        long bytes = body.length - starts.length; // without the line feeds
        measure("json: is the line one well-formed JSON object?", "line", starts.length, bytes, runs, warmup, List.of(
                new Variant("JsonSyntax.check (hand-written)", "null or a reason", () -> {
                    long ok = 0;
                    long reasons = 0;
                    for (int i = 0; i < starts.length; i++) {
                        String problem = syntax.check(body, starts[i], lengths[i]);
                        if (problem == null) {
                            ok++;
                        } else {
                            reasons += problem.length();
                        }
                    }
                    return ok * 31 + reasons;
                }),
                new Variant("Jackson 3 streaming: nextToken, skipChildren, nothing after", "null or a reason", () -> {
                    long ok = 0;
                    long reasons = 0;
                    for (int i = 0; i < starts.length; i++) {
                        String problem = jackson(json, body, starts[i], lengths[i]);
                        if (problem == null) {
                            ok++;
                        } else {
                            reasons += problem.length();
                        }
                    }
                    return ok * 31 + reasons;
                })));
    }

    /** The library path: the service's Jackson factory, the object skipped, nothing after it. */
    static String jackson(ScannerAccess.Json json, byte[] b, int offset, int length) {
        try (JsonParser parser = json.parser(b, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return NOT_AN_OBJECT;
            }
            parser.skipChildren();
            return parser.nextToken() == null ? null : TRAILING;
        } catch (JacksonException e) {
            return "Malformed JSON: " + e.getOriginalMessage();
        }
    }

    /** As JsonSyntaxTest mutates: one to three bytes replaced, deleted or inserted. */
    private static byte[] mutate(byte[] line, SplittableRandom random, byte[] tokens) {
        byte[] out = Arrays.copyOf(line, line.length);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && out.length > 1; e++) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(3)) {
                case 0 -> out[at] = tokens[random.nextInt(tokens.length)];
                case 1 -> {
                    byte[] shorter = new byte[out.length - 1];
                    System.arraycopy(out, 0, shorter, 0, at);
                    System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
                    out = shorter;
                }
                default -> {
                    byte[] longer = new byte[out.length + 1];
                    System.arraycopy(out, 0, longer, 0, at);
                    longer[at] = tokens[random.nextInt(tokens.length)];
                    System.arraycopy(out, at, longer, at + 1, out.length - at);
                    out = longer;
                }
            }
        }
        return out;
    }

    // ---- lines --------------------------------------------------------------------------------

    private static void lines(byte[] body, int expectedLines, int runs, int warmup) throws Exception {
        int max = LIMITS.maxEventBytes();
        List<Variant> variants = List.of(
                new Variant("LineReader (hand-written)", "byte range, in place", () -> {
                    ScannerAccess.Lines reader = new ScannerAccess.Lines(new ByteArrayInputStream(body), max);
                    long n = 0;
                    long sum = 0;
                    while (reader.next()) {
                        n++;
                        sum += reader.tooLong() ? -1 : reader.length() + (reader.length() > 0 ? reader.bytes()[reader.offset()] : 0);
                    }
                    return n << 40 | sum;
                }),
                new Variant("BufferedInputStream.read() per byte, bounded copy", "byte range, copied", () ->
                        byteLoop(new BufferedInputStream(new ByteArrayInputStream(body), 64 * 1024), max)),
                new Variant("InputStream.read(byte[64 KiB]) + plain byte loop, bounded copy", "byte range, copied", () ->
                        chunkLoop(new ByteArrayInputStream(body), max)),
                new Variant("BufferedReader.readLine, UTF-8 (unbounded)", "String", () -> {
                    BufferedReader reader = new BufferedReader(
                            new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8), 64 * 1024);
                    long n = 0;
                    long sum = 0;
                    String line;
                    while ((line = reader.readLine()) != null) {
                        n++;
                        sum += line.length() + (line.isEmpty() ? 0 : line.charAt(0));
                    }
                    return n << 40 | sum;
                }),
                new Variant("BufferedReader.readLine + getBytes(UTF_8) (unbounded)", "byte[]", () -> {
                    BufferedReader reader = new BufferedReader(
                            new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8), 64 * 1024);
                    long n = 0;
                    long sum = 0;
                    String line;
                    while ((line = reader.readLine()) != null) {
                        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                        n++;
                        sum += bytes.length + (bytes.length > 0 ? bytes[0] : 0);
                    }
                    return n << 40 | sum;
                }));
        // the same lines from every variant (the corpus is ASCII with no raw CR, so chars = bytes)
        long expected = variants.get(0).pass().run();
        if (expected >>> 40 != expectedLines) {
            throw new IllegalStateException("LineReader found " + (expected >>> 40) + " lines, not " + expectedLines);
        }
        for (Variant v : variants) {
            if (v.pass().run() != expected) {
                throw new IllegalStateException(v.name() + " does not give LineReader's lines");
            }
        }
        System.out.printf(Locale.ROOT, "lines: all variants give the same %,d lines and bytes%n", expectedLines);
        measure("lines: split the body at line feeds", "line", expectedLines, body.length, runs, warmup, variants);
    }

    /** The plain library path: one {@code read()} per byte, each line copied into a buffer up to the limit. */
    static long byteLoop(InputStream in, int max) throws IOException {
        byte[] line = new byte[8 * 1024];
        int length = 0;
        boolean tooLong = false;
        boolean pending = false;
        long n = 0;
        long sum = 0;
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                n++;
                sum += tooLong ? -1 : length + (length > 0 ? line[0] : 0);
                length = 0;
                tooLong = false;
                pending = false;
                continue;
            }
            pending = true;
            if (tooLong) {
                continue;
            }
            if (length == max) {
                tooLong = true;
                continue;
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, Math.min(max, length * 2));
            }
            line[length++] = (byte) b;
        }
        if (pending) {
            n++;
            sum += tooLong ? -1 : length + (length > 0 ? line[0] : 0);
        }
        return n << 40 | sum;
    }

    /** 64 KiB reads and a plain byte loop (no word-at-a-time search), each line copied up to the limit. */
    static long chunkLoop(InputStream in, int max) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        byte[] line = new byte[8 * 1024];
        int length = 0;
        boolean tooLong = false;
        boolean pending = false;
        long n = 0;
        long sum = 0;
        int read;
        while ((read = in.read(chunk)) > 0) {
            int from = 0;
            while (from <= read) {
                int i = from;
                while (i < read && chunk[i] != '\n') {
                    i++;
                }
                int count = i - from;
                if (count > 0) {
                    pending = true;
                    if (!tooLong && length + count > max) {
                        tooLong = true;
                    }
                    if (!tooLong) {
                        if (length + count > line.length) {
                            line = Arrays.copyOf(line, Math.min(max, Math.max(line.length * 2, length + count)));
                        }
                        System.arraycopy(chunk, from, line, length, count);
                        length += count;
                    }
                }
                if (i < read) { // a line feed
                    n++;
                    sum += tooLong ? -1 : length + (length > 0 ? line[0] : 0);
                    length = 0;
                    tooLong = false;
                    pending = false;
                }
                from = i + 1;
            }
        }
        if (pending) {
            n++;
            sum += tooLong ? -1 : length + (length > 0 ? line[0] : 0);
        }
        return n << 40 | sum;
    }

    // ---- XML ----------------------------------------------------------------------------------

    private static void xml(byte[] body, byte[] sample, int runs, int warmup) throws Exception {
        XMLInputFactory jdk = XMLInputFactory.newDefaultFactory();
        jdk.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        jdk.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        jdk.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false); // as the service reads events
        XMLOutputFactory jdkOut = XMLOutputFactory.newDefaultFactory();
        WstxInputFactory woodstox = new WstxInputFactory();
        woodstox.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        woodstox.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        woodstox.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        // events may also stand one after the other, without a wrapper: several documents in one body
        woodstox.setProperty(WstxInputProperties.P_INPUT_PARSING_MODE, WstxInputProperties.PARSING_MODE_DOCUMENTS);

        List<Variant> variants = List.of(
                new Variant("XmlEventSplitter (hand-written)", "event's bytes", () -> splitter(body, false)),
                new Variant("JDK StAX, each event written again (XMLStreamWriter)", "event re-serialised", () ->
                        jdkRewritten(jdk, jdkOut, body)),
                new Variant("Woodstox 7.1, char offsets mapped to byte ranges", "event's bytes, in place", () ->
                        woodstoxRanges(woodstox, body, false)),
                new Variant("JDK StAX, boundaries only (floor)", "nothing", () -> jdkBoundaries(jdk, body)));
        long events = splitter(body, false) >>> 40;
        long exact = splitter(body, true);
        if (woodstoxRanges(woodstox, body, true) != exact) {
            throw new IllegalStateException("Woodstox's byte ranges are not the splitter's events");
        }
        for (Variant v : variants) {
            if (v.pass().run() >>> 40 != events) {
                throw new IllegalStateException(v.name() + " does not find the splitter's " + events + " events");
            }
        }
        System.out.printf(Locale.ROOT, "xml: %,d bytes, %,d events (%.0f bytes an event); every variant finds them all,"
                + " Woodstox's ranges hold exactly the splitter's bytes%n", body.length, events, (double) body.length / events);
        resilience(sample, jdk, woodstox);
        measure("xml: cut the body into one piece per <Event>", "event", events, body.length, runs, warmup, variants);
    }

    /** Count in the high bits; then the pieces' lengths and first bytes, or with {@code exact} a hash of all their bytes. */
    static long splitter(byte[] body, boolean exact) throws IOException {
        long[] acc = new long[3];
        ScannerAccess.split(new ByteArrayInputStream(body), LIMITS, new ScannerAccess.Segments() {
            @Override
            public void event(byte[] bytes, int length, boolean hasDeclaration, boolean hasReference) {
                acc[0]++;
                acc[1] += exact ? hash(bytes, 0, length) : length + bytes[0] + (hasDeclaration ? 1 : 0) + (hasReference ? 2 : 0);
            }

            @Override
            public void rejected(String reason) {
                acc[2]++;
            }
        });
        if (acc[2] != 0) {
            throw new IllegalStateException(acc[2] + " events rejected");
        }
        return acc[0] << 40 | (acc[1] & ((1L << 40) - 1));
    }

    private static long hash(byte[] b, int from, int to) {
        long h = 1;
        for (int i = from; i < to; i++) {
            h = 31 * h + b[i];
        }
        return h;
    }

    /** The wrapper is depth 1; an event starts at depth 2. */
    static long jdkRewritten(XMLInputFactory in, XMLOutputFactory outFactory, byte[] body) throws XMLStreamException {
        Buffer out = new Buffer();
        XMLStreamReader r = in.createXMLStreamReader(new ByteArrayInputStream(body));
        XMLStreamWriter w = outFactory.createXMLStreamWriter(out, "UTF-8");
        int depth = 0;
        int eventDepth = -1;
        boolean tooDeep = false;
        long n = 0;
        long sum = 0;
        while (r.hasNext()) {
            int type = r.next();
            switch (type) {
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    if (eventDepth < 0) {
                        if (depth != 2 || !isEvent(r.getLocalName())) {
                            continue;
                        }
                        eventDepth = depth;
                        tooDeep = false;
                        out.reset();
                    }
                    tooDeep |= depth - eventDepth > LIMITS.maxDepth();
                    w.writeStartElement(r.getLocalName());
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        w.writeAttribute(r.getAttributeLocalName(i), r.getAttributeValue(i));
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.SPACE -> {
                    if (eventDepth > 0) {
                        w.writeCharacters(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                    }
                }
                case XMLStreamConstants.CDATA -> {
                    if (eventDepth > 0) {
                        w.writeCData(r.getText());
                    }
                }
                case XMLStreamConstants.COMMENT -> {
                    if (eventDepth > 0) {
                        w.writeComment(r.getText());
                    }
                }
                case XMLStreamConstants.PROCESSING_INSTRUCTION -> {
                    if (eventDepth > 0) {
                        w.writeProcessingInstruction(r.getPITarget(), r.getPIData());
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    if (eventDepth > 0) {
                        w.writeEndElement();
                        if (depth == eventDepth) {
                            w.flush();
                            n++;
                            int size = out.size();
                            sum += size > LIMITS.maxEventBytes() || tooDeep ? -1 : size + out.bytes()[0];
                            eventDepth = -1;
                        }
                    }
                    depth--;
                }
                case XMLStreamConstants.DTD -> throw new IllegalStateException("DOCTYPE refused");
                default -> { }
            }
        }
        r.close();
        return n << 40 | (sum & ((1L << 40) - 1));
    }

    /** Event boundaries only: what any StAX path costs at least. */
    static long jdkBoundaries(XMLInputFactory in, byte[] body) throws XMLStreamException {
        XMLStreamReader r = in.createXMLStreamReader(new ByteArrayInputStream(body));
        int depth = 0;
        int eventDepth = -1;
        long n = 0;
        while (r.hasNext()) {
            switch (r.next()) {
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    if (eventDepth < 0 && depth == 2 && isEvent(r.getLocalName())) {
                        eventDepth = depth;
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    if (depth == eventDepth) {
                        n++;
                        eventDepth = -1;
                    }
                    depth--;
                }
                case XMLStreamConstants.DTD -> throw new IllegalStateException("DOCTYPE refused");
                default -> { }
            }
        }
        r.close();
        return n << 40;
    }

    /**
     * Woodstox reports no byte offsets (-1) but exact character offsets: a cursor walks the UTF-8
     * body from one to the next, so each event comes out as the range of its own bytes.
     */
    static long woodstoxRanges(WstxInputFactory in, byte[] body, boolean exact) throws XMLStreamException {
        XMLStreamReader2 r = (XMLStreamReader2) in.createXMLStreamReader(new ByteArrayInputStream(body));
        int depth = 0;
        int eventDepth = -1;
        boolean tooDeep = false;
        long chars = 0;
        int at = 0; // the byte where character {@code chars} starts
        int start = 0;
        long n = 0;
        long sum = 0;
        while (r.hasNext()) {
            switch (r.next()) {
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    if (eventDepth < 0 && depth == 2 && isEvent(r.getLocalName())) {
                        eventDepth = depth;
                        tooDeep = false;
                        long target = r.getLocationInfo().getStartingCharOffset();
                        for (; chars < target; chars++) {
                            int lead = body[at] & 0xFF;
                            int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
                            at += length;
                            chars += length == 4 ? 1 : 0; // a surrogate pair
                        }
                        start = at;
                    }
                    tooDeep |= eventDepth > 0 && depth - eventDepth > LIMITS.maxDepth();
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    if (depth == eventDepth) {
                        long target = r.getLocationInfo().getEndingCharOffset();
                        for (; chars < target; chars++) {
                            int lead = body[at] & 0xFF;
                            int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
                            at += length;
                            chars += length == 4 ? 1 : 0;
                        }
                        n++;
                        int size = at - start;
                        sum += exact ? hash(body, start, at) : size > LIMITS.maxEventBytes() || tooDeep ? -1 : size + body[start];
                        eventDepth = -1;
                    }
                    depth--;
                }
                case XMLStreamConstants.DTD -> throw new IllegalStateException("DOCTYPE refused");
                default -> { }
            }
        }
        r.close();
        return n << 40 | (sum & ((1L << 40) - 1));
    }

    private static boolean isEvent(String qualifiedName) {
        return qualifiedName.equals("Event") || qualifiedName.endsWith(":Event");
    }

    /** A byte array output stream whose array can be read in place. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(16 * 1024);
        }

        byte[] bytes() {
            return buf;
        }
    }

    /**
     * The sample's events, each with a new EventRecordID, inside one {@code <Events>}, up to {@code target}
     * bytes: one in a hundred is one of those that the detection matches (in turn), the others those that
     * it does not (in turn), as in the NDJSON corpus.
     */
    static byte[] xmlBody(byte[] sample, long target) {
        List<String> events = sampleEvents(sample);
        List<String> matching = events.stream().filter(e -> e.contains("Enter-PSSession")).toList();
        List<String> others = events.stream().filter(e -> !e.contains("Enter-PSSession")).toList();
        Pattern recordId = Pattern.compile("<EventRecordID>\\d+</EventRecordID>");
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) target + 4096);
        out.writeBytes("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Events>\n".getBytes(StandardCharsets.UTF_8));
        for (long i = 0; out.size() < target; i++) {
            String event = i % 100 == 0 ? matching.get((int) (i / 100 % matching.size())) : others.get((int) (i % others.size()));
            Matcher m = recordId.matcher(event);
            out.writeBytes(m.replaceFirst("<EventRecordID>" + (100_000 + i) + "</EventRecordID>").getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        out.writeBytes("</Events>\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static List<String> sampleEvents(byte[] sample) {
        String text = new String(sample, StandardCharsets.UTF_8);
        List<String> events = new ArrayList<>();
        for (int from = text.indexOf("<Event "); from >= 0; ) {
            int end = text.indexOf("</Event>", from) + "</Event>".length();
            events.add(text.substring(from, end));
            from = text.indexOf("<Event ", end);
        }
        return events;
    }

    /**
     * What no StAX path gives: after a malformed event the splitter goes on with the next one, a parser
     * of the whole body stops at the first well-formedness error. Three events, the second malformed.
     */
    private static void resilience(byte[] sample, XMLInputFactory jdk, WstxInputFactory woodstox) throws IOException {
        String good = sampleEvents(sample).get(1);
        String[][] cases = {
            {"a bare '&' in the second event", good.replace("<Data Name='Path'>", "<Data Name='Path'>a & b")},
            {"the second event left unclosed", good.substring(0, good.indexOf("<EventData>"))}};
        for (String[] c : cases) {
            byte[] body = ("<Events>\n" + good + "\n" + c[1] + "\n" + good + "\n</Events>\n").getBytes(StandardCharsets.UTF_8);
            long[] acc = new long[2];
            ScannerAccess.split(new ByteArrayInputStream(body), LIMITS, new ScannerAccess.Segments() {
                @Override
                public void event(byte[] bytes, int length, boolean hasDeclaration, boolean hasReference) {
                    acc[0]++;
                }

                @Override
                public void rejected(String reason) {
                    acc[1]++;
                }
            });
            System.out.printf(Locale.ROOT, "xml, %s: the splitter hands on %d pieces and rejects %d slot(s), so the third event is read;"
                    + " the JDK's StAX %s; Woodstox %s%n", c[0], acc[0], acc[1], eventsBeforeError(jdk, body),
                    eventsBeforeError(woodstox, body));
        }
    }

    /** How many whole events a StAX parser reads from the body before it fails. */
    private static String eventsBeforeError(XMLInputFactory factory, byte[] body) {
        int events = 0;
        int depth = 0;
        try {
            XMLStreamReader r = factory.createXMLStreamReader(new ByteArrayInputStream(body));
            while (r.hasNext()) {
                int type = r.next();
                if (type == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (type == XMLStreamConstants.END_ELEMENT) {
                    events += depth == 2 ? 1 : 0;
                    depth--;
                }
            }
            return "reads " + events + " events";
        } catch (XMLStreamException e) {
            String message = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
            int at = message.indexOf("Message: ");
            message = at >= 0 ? message.substring(at + 9) : message;
            return "stops after " + events + " event(s) (" + message.substring(0, Math.min(70, message.length())) + ")";
        }
    }

    // ---- the formats around the scanners ------------------------------------------------------

    private static void context(byte[] ndjson, int lines, byte[] xml, int runs, int warmup) throws Exception {
        MatchPrefilter prefilter = DetectionSets.of("seed").prefilter();
        NdjsonEventFormat ndjsonFormat = new NdjsonEventFormat(LIMITS);
        XmlEventFormat xmlFormat = new XmlEventFormat(LIMITS);
        measure("context: the NDJSON format with the early reject (seed prefilter), parse only", "line", lines, ndjson.length,
                runs, warmup, List.of(new Variant("NdjsonEventFormat.parse", "fields of 1 %, the rest skipped", () -> {
                    Counting sink = new Counting(prefilter);
                    ndjsonFormat.parse(new ByteArrayInputStream(ndjson), sink);
                    return sink.sum;
                })));
        long events = splitter(xml, false) >>> 40;
        measure("context: the XML format with the early reject (seed prefilter), parse only; half the sample's events match",
                "event", events, xml.length, runs, warmup, List.of(new Variant("XmlEventFormat.parse", "fields of 1 %, the rest skipped", () -> {
                    Counting sink = new Counting(prefilter);
                    xmlFormat.parse(new ByteArrayInputStream(xml), sink);
                    return sink.sum;
                })));
    }

    private static final class Counting implements EventSink {
        private final MatchPrefilter prefilter;
        long sum;

        Counting(MatchPrefilter prefilter) {
            this.prefilter = prefilter;
        }

        @Override
        public MatchPrefilter prefilter() {
            return prefilter;
        }

        @Override
        public void accept(int index, RawEvent event) {
            sum += 1_000_000L + event.fields().size();
        }

        @Override
        public void reject(int index, String reason) {
            sum += 1L << 40;
        }

        @Override
        public void skip(int index) {
            sum++;
        }
    }

    // ---- measuring ----------------------------------------------------------------------------

    private static void measure(String title, String unit, long units, long bytes, int runs, int warmup, List<Variant> variants)
            throws Exception {
        int v = variants.size();
        long[][] thread = new long[v][runs];
        long[][] process = new long[v][runs];
        long[][] wall = new long[v][runs];
        String loadBefore = load();
        for (int round = -warmup; round < runs; round++) {
            for (int k = 0; k < v; k++) {
                int i = (k + Math.floorMod(round, v)) % v; // a rotating order: no variant always runs after the same one
                long t0 = THREADS.getCurrentThreadCpuTime();
                long p0 = OS.getProcessCpuTime();
                long w0 = System.nanoTime();
                sink += variants.get(i).pass().run();
                long w1 = System.nanoTime();
                long p1 = OS.getProcessCpuTime();
                long t1 = THREADS.getCurrentThreadCpuTime();
                if (everyRound) {
                    System.out.printf(Locale.ROOT, "  round %d, %s: %,.0f ns/%s of thread CPU, %,.0f wall%n", round,
                            variants.get(i).name(), (double) (t1 - t0) / units, unit, (double) (w1 - w0) / units);
                }
                if (round >= 0) {
                    thread[i][round] = t1 - t0;
                    process[i][round] = p1 - p0;
                    wall[i][round] = w1 - w0;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n### %s%n%,d %ss, %,d bytes; load average %s before, %s after; median of %d rounds%n%n",
                title, units, unit, bytes, loadBefore, load(), runs);
        System.out.printf(Locale.ROOT, "| variant | yields | ns/%s (thread CPU) | min-max | MB/s (thread CPU) | ns/%s (process CPU) | ns/%s (wall) | ratio | ratio min-max |%n",
                unit, unit, unit);
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        double base = median(thread[0]);
        for (int i = 0; i < v; i++) {
            double[] ratios = new double[runs];
            for (int r = 0; r < runs; r++) {
                ratios[r] = (double) thread[i][r] / thread[0][r];
            }
            Arrays.sort(ratios);
            long[] sorted = thread[i].clone();
            Arrays.sort(sorted);
            double med = median(thread[i]);
            System.out.printf(Locale.ROOT, "| %s | %s | %,.0f | %,.0f-%,.0f | %,.0f | %,.0f | %,.0f | %.2f | %.2f-%.2f |%n",
                    variants.get(i).name(), variants.get(i).yields(), med / units, (double) sorted[0] / units,
                    (double) sorted[runs - 1] / units, bytes / (med / 1e9) / 1e6, median(process[i]) / units,
                    median(wall[i]) / units, med / base, ratios[0], ratios[runs - 1]);
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Start and length (without the line feed) of every line. */
    private static int[][] lineIndex(byte[] body) {
        int count = 0;
        for (byte b : body) {
            count += b == '\n' ? 1 : 0;
        }
        if (body.length > 0 && body[body.length - 1] != '\n') {
            count++;
        }
        int[] starts = new int[count];
        int[] lengths = new int[count];
        int line = 0;
        int from = 0;
        for (int i = 0; i <= body.length && line < count; i++) {
            if (i == body.length || body[i] == '\n') {
                starts[line] = from;
                lengths[line++] = i - from;
                from = i + 1;
            }
        }
        return new int[][] {starts, lengths};
    }
}
