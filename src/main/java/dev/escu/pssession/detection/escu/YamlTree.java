package dev.escu.pssession.detection.escu;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;

/**
 * One YAML document as plain values: maps (keys in file order), lists, strings and nulls. Scalars
 * stay text ({@code 13}, {@code true}, {@code 2024-09-30} are strings; the reader of a field decides
 * what it must be); a plain {@code null}, {@code ~} or empty value is null.
 *
 * <p>Built from the parser's events, not its object constructor, so every limit holds while
 * reading: nesting depth, and the number of nodes counted with every alias expanded (a "billion
 * laughs" file fails after {@code maxYamlNodes}, having built nothing large: an alias shares the
 * value its anchor built). A duplicate key, an undefined or self-containing alias, a second
 * document or a key that is not text are errors.
 */
final class YamlTree {

    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");

    private final ContentLimits limits;
    private final Deque<Frame> open = new ArrayDeque<>();
    private final Map<String, Anchored> anchors = new HashMap<>();
    private long nodes;
    private Object root;
    private boolean rootSet;

    private YamlTree(ContentLimits limits) {
        this.limits = limits;
    }

    /** The document of a file's bytes (UTF-8, an optional byte order mark). */
    static Object read(byte[] bytes, ContentLimits limits) throws MalformedContentException {
        return read(decode(bytes), limits);
    }

    static Object read(String text, ContentLimits limits) throws MalformedContentException {
        if (text.length() > limits.maxFileBytes()) {
            throw new MalformedContentException("the file is larger than " + limits.maxFileBytes() + " bytes");
        }
        LoadSettings settings = LoadSettings.builder()
                .setCodePointLimit(Math.max(limits.maxFileBytes(), 1))
                .setUseMarks(true)
                .build();
        YamlTree tree = new YamlTree(limits);
        int documents = 0;
        try {
            for (Event event : new Parse(settings).parseString(text)) {
                switch (event.getEventId()) {
                    case DocumentStart -> {
                        if (++documents > 1) {
                            throw new MalformedContentException("more than one YAML document");
                        }
                    }
                    case MappingStart -> tree.start(new LinkedHashMap<String, Object>(), (NodeEvent) event);
                    case SequenceStart -> tree.start(new ArrayList<>(), (NodeEvent) event);
                    case MappingEnd, SequenceEnd -> tree.end();
                    case Scalar -> tree.scalar((ScalarEvent) event);
                    case Alias -> tree.alias((AliasEvent) event);
                    default -> { // stream start and end, document end, comments
                    }
                }
            }
        } catch (MalformedContentException e) {
            throw e;
        } catch (RuntimeException e) { // the parser's YamlEngineException, with the line and column
            throw new MalformedContentException("not valid YAML: " + firstLine(e.getMessage()));
        } catch (StackOverflowError e) {
            throw new MalformedContentException("not valid YAML: nested too deeply for the parser");
        }
        if (!tree.rootSet) {
            throw new MalformedContentException("the file holds no YAML document");
        }
        return tree.root;
    }

    private void start(Object container, NodeEvent event) throws MalformedContentException {
        if (open.size() >= limits.maxYamlDepth()) {
            throw new MalformedContentException("YAML nested deeper than " + limits.maxYamlDepth() + " levels");
        }
        count(1);
        open.push(new Frame(container, event.getAnchor().map(a -> a.getValue()).orElse(null), nodes));
    }

    private void end() throws MalformedContentException {
        Frame frame = open.pop();
        Object value = frame.container instanceof Map<?, ?> map
                ? Collections.unmodifiableMap(map)
                : Collections.unmodifiableList((List<?>) frame.container);
        if (frame.anchor != null) {
            anchors.put(frame.anchor, new Anchored(value, nodes - frame.firstNode + 1));
        }
        add(value);
    }

    private void scalar(ScalarEvent event) throws MalformedContentException {
        count(1);
        String value = event.isPlain() && NULLS.contains(event.getValue()) ? null : event.getValue();
        event.getAnchor().ifPresent(a -> anchors.put(a.getValue(), new Anchored(value, 1)));
        add(value);
    }

    private void alias(AliasEvent event) throws MalformedContentException {
        String name = event.getAlias().getValue();
        Anchored anchored = anchors.get(name);
        if (anchored == null) {
            boolean containing = open.stream().anyMatch(f -> name.equals(f.anchor));
            throw new MalformedContentException(containing
                    ? "alias *" + name + " refers to a node that contains it"
                    : "alias *" + name + " has no anchor");
        }
        count(anchored.nodes);
        add(anchored.value);
    }

    /** Counts nodes as if every alias were a copy of its anchor's node. */
    private void count(long added) throws MalformedContentException {
        nodes += added;
        if (nodes > limits.maxYamlNodes()) {
            throw new MalformedContentException("more than " + limits.maxYamlNodes() + " YAML nodes once aliases are expanded");
        }
    }

    @SuppressWarnings("unchecked")
    private void add(Object value) throws MalformedContentException {
        Frame frame = open.peek();
        if (frame == null) {
            root = value;
            rootSet = true;
            return;
        }
        if (frame.container instanceof List<?> list) {
            ((List<Object>) list).add(value);
            return;
        }
        Map<String, Object> map = (Map<String, Object>) frame.container;
        if (!frame.keyPending) {
            if (!(value instanceof String key)) {
                throw new MalformedContentException("a mapping key that is not text");
            }
            frame.key = key;
            frame.keyPending = true;
            return;
        }
        if (map.containsKey(frame.key)) {
            throw new MalformedContentException("duplicate key '" + frame.key + "'");
        }
        map.put(frame.key, value);
        frame.keyPending = false;
    }

    private static String decode(byte[] bytes) throws MalformedContentException {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedContentException("the file is not UTF-8 text");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no detail)";
        }
        String line = message.strip().lines().findFirst().orElse("");
        String rest = message.lines().skip(1).filter(l -> l.contains("line ")).findFirst().map(String::strip).orElse("");
        String text = rest.isEmpty() ? line : line + " " + rest;
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static final class Frame {
        final Object container;
        final String anchor;
        final long firstNode;
        String key;
        boolean keyPending;

        Frame(Object container, String anchor, long firstNode) {
            this.container = container;
            this.anchor = anchor;
            this.firstNode = firstNode;
        }
    }

    private record Anchored(Object value, long nodes) {
    }
}
