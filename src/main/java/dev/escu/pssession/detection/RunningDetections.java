package dev.escu.pssession.detection;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.escu.pssession.detection.escu.EscuContent;
import dev.escu.pssession.detection.escu.EscuDetection;
import dev.escu.pssession.detection.escu.SkippedDetection;
import dev.escu.pssession.detection.spl.SearchMatcher;

/**
 * The detections a service runs, as one immutable snapshot: the compiled detections, the one-pass
 * matcher over all of them, the byte prefilter, and the detections that could not run with their
 * reasons. A reload builds a new snapshot and swaps it whole; a batch takes one and uses it to the end.
 */
public final class RunningDetections {

    private final EscuContent content;
    private final Map<String, EscuDetection> byId = new HashMap<>();
    private final SearchMatcher matcher;
    private final MatchPrefilter prefilter;
    private final DetectionEngine engine;
    private final Map<String, NativeRule> nativeRules;
    private final List<EscuDetection> judgedByNativeRules;
    private final int widestGroup;

    public RunningDetections(EscuContent content) {
        this(content, Map.of());
    }

    /** @param nativeRules judgements that SPL cannot express, applied to the detection of each id after its search */
    public RunningDetections(EscuContent content, Map<String, NativeRule> nativeRules) {
        this.content = content;
        this.nativeRules = Map.copyOf(nativeRules);
        this.judgedByNativeRules = content.detections().stream().filter(d -> this.nativeRules.containsKey(d.id())).toList();
        for (EscuDetection detection : content.detections()) {
            byId.put(key(detection.id()), detection);
        }
        this.matcher = content.matcher();
        this.prefilter = prefilter(content, this.nativeRules);
        this.engine = new DetectionEngine(this);
        this.widestGroup = content.detections().stream().mapToInt(d -> d.search().stats().byFields().size()).max().orElse(1);
    }

    /** The detections that run, in the order they were loaded (the matcher's order). */
    public List<EscuDetection> all() {
        return content.detections();
    }

    /** The content files that do not run, each with its reason. */
    public List<SkippedDetection> skipped() {
        return content.skipped();
    }

    public Optional<EscuDetection> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(key(id)));
    }

    /** @throws UnknownDetectionException when no running detection has this id (saying why, when its file does not run) */
    public EscuDetection require(String id) {
        return find(id).orElseThrow(() -> {
            for (SkippedDetection skipped : skipped()) {
                if (id.equalsIgnoreCase(skipped.id())) {
                    return new UnknownDetectionException(id, "Detection " + id + " does not run: " + skipped.reason()
                            + " (" + skipped.file() + ").");
                }
            }
            return new UnknownDetectionException(id);
        });
    }

    public EscuContent content() {
        return content;
    }

    public SearchMatcher matcher() {
        return matcher;
    }

    /** Decides from an event's raw bytes whether any of these detections could keep it. */
    public MatchPrefilter prefilter() {
        return prefilter;
    }

    public DetectionEngine engine() {
        return engine;
    }

    /** The detections that apply a native rule after their search, in the order they were loaded. */
    public List<EscuDetection> judgedByNativeRules() {
        return judgedByNativeRules;
    }

    /** The native rule the detection applies after its search, or {@code null}. */
    public NativeRule nativeRule(EscuDetection detection) {
        return nativeRules.get(detection.id());
    }

    /** The most BY fields any of these detections groups by: how wide a result key can be. */
    public int widestGroup() {
        return widestGroup;
    }

    // A detection judged by a native rule takes the rule's early reject instead of its search's terms.
    private static MatchPrefilter prefilter(EscuContent content, Map<String, NativeRule> rules) {
        List<MatchPrefilter.Terms> terms = new java.util.ArrayList<>();
        List<NativeRule> used = new java.util.ArrayList<>();
        for (EscuDetection detection : content.detections()) {
            NativeRule rule = rules.get(detection.id());
            if (rule == null) {
                terms.add(detection.search().scriptBlockTerms());
            } else {
                used.add(rule);
            }
        }
        if (used.isEmpty()) {
            return MatchPrefilter.of(terms);
        }
        return MatchPrefilter.of(terms, new NativeRulesFirst(List.copyOf(used)));
    }

    /** The native rules' early rejects, one after the other: true when one of them may be concerned. */
    private record NativeRulesFirst(List<NativeRule> rules) implements MatchPrefilter.ByteTest {

        @Override
        public boolean mayMatch(byte[] bytes, int offset, int length) {
            for (NativeRule rule : rules) {
                if (rule.mayConcern(bytes, offset, length)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public List<String> lettingThrough() {
            return rules.stream().flatMap(rule -> rule.alwaysConcerned().stream()).distinct().toList();
        }
    }

    private static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }
}
