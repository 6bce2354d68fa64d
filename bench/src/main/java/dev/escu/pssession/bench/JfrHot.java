package dev.escu.pssession.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Hot methods of a JFR recording (JDK 17's {@code jfr} tool has no {@code view hot-methods}):
 * execution samples by top frame (self) and by any frame (inclusive), allocation samples by
 * allocating method and class, and GC pauses. {@code JfrHot FILE.jfr [--top N] [--thread PREFIX]}.
 */
public final class JfrHot {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Args a = new Args(java.util.Arrays.copyOfRange(args, 1, args.length));
        int top = Integer.parseInt(a.get("top", "30"));
        String threadPrefix = a.get("thread", "");
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> allocBySite = new HashMap<>();
        Map<String, Long> allocByClass = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> steps = new HashMap<>();
        long samples = 0;
        long allocTotal = 0;
        long gcCount = 0;
        double gcPauseMs = 0;
        double gcLongestMs = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            switch (type) {
                case "jdk.ExecutionSample" -> {
                    String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
                    if (thread == null || !thread.startsWith(threadPrefix)) {
                        continue;
                    }
                    RecordedStackTrace st = e.getStackTrace();
                    if (st == null || st.getFrames().isEmpty()) {
                        continue;
                    }
                    samples++;
                    threads.merge(threadGroup(thread), 1L, Long::sum);
                    List<RecordedFrame> frames = st.getFrames();
                    self.merge(name(frames.get(0)), 1L, Long::sum);
                    steps.merge(step(frames), 1L, Long::sum);
                    Set<String> seen = new HashSet<>();
                    for (RecordedFrame f : frames) {
                        String n = name(f);
                        if (seen.add(n)) {
                            inclusive.merge(n, 1L, Long::sum);
                        }
                    }
                }
                case "jdk.ObjectAllocationSample" -> {
                    long weight = e.getLong("weight");
                    allocTotal += weight;
                    RecordedStackTrace st = e.getStackTrace();
                    allocByClass.merge(e.getClass("objectClass").getName(), weight, Long::sum);
                    if (st != null && !st.getFrames().isEmpty()) {
                        allocBySite.merge(site(st.getFrames()), weight, Long::sum);
                    }
                }
                case "jdk.GarbageCollection" -> {
                    gcCount++;
                    double ms = e.getDuration("sumOfPauses").toNanos() / 1e6;
                    gcPauseMs += ms;
                    gcLongestMs = Math.max(gcLongestMs, e.getDuration("longestPause").toNanos() / 1e6);
                }
                default -> { }
            }
        }
        System.out.printf(Locale.ROOT, "# %s%n%n%,d execution samples%s; threads: %s%n", file.getFileName(), samples,
                threadPrefix.isEmpty() ? "" : " (threads " + threadPrefix + "*)", top(threads, samples, 8));
        System.out.printf(Locale.ROOT, "%n## Where the time goes, by step (first recognised frame from the top)%n%n");
        print(steps, samples, 20);
        System.out.printf(Locale.ROOT, "%n## Self time (top frame)%n%n");
        print(self, samples, top);
        System.out.printf(Locale.ROOT, "%n## Inclusive (method anywhere on the stack)%n%n");
        print(inclusive, samples, top * 2);
        System.out.printf(Locale.ROOT, "%n## Allocation (sampled weight %,d MB) by allocating site%n%n", allocTotal >> 20);
        print(allocBySite, allocTotal, top);
        System.out.printf(Locale.ROOT, "%n## Allocation by class%n%n");
        print(allocByClass, allocTotal, 15);
        System.out.printf(Locale.ROOT, "%n## GC: %d collections, %.0f ms paused in total, longest pause %.1f ms%n",
                gcCount, gcPauseMs, gcLongestMs);
    }

    private static final String[][] STEPS = {
            {"sun.security.provider.", "SHA-256 (event identity, group key)"},
            {"java.security.MessageDigest", "SHA-256 (event identity, group key)"},
            {"java.util.zip.", "gunzip"},
            {"org.postgresql.", "PgJDBC (client side of the database writes)"},
            {"com.zaxxer.hikari.", "PgJDBC (client side of the database writes)"},
            {"tools.jackson.databind.", "Jackson databind (fields as JSON, the report)"},
            {"tools.jackson.core.", "JSON tokenising (Jackson streaming parser)"},
            {"dev.escu.pssession.ingest.format.LineReader", "line splitting (LineReader)"},
            {"dev.escu.pssession.ingest.format.JsonObjects", "JSON to flat map (JsonObjects)"},
            {"dev.escu.pssession.ingest.format.", "parsers, other"},
            {"dev.escu.pssession.detection.EventIdentity", "event identity"},
            {"dev.escu.pssession.ingest.EventNormalizer", "normalise (EventNormalizer, WindowsEvent)"},
            {"dev.escu.pssession.detection.WindowsEvent", "normalise (EventNormalizer, WindowsEvent)"},
            {"dev.escu.pssession.detection.SplunkTime", "normalise (EventNormalizer, WindowsEvent)"},
            {"dev.escu.pssession.detection.", "detect (DetectionEngine, result key)"},
            {"dev.escu.pssession.ingest.IngestBatch", "pipeline bookkeeping"},
            {"dev.escu.pssession.findings.", "record matches (FindingRecorder, service side)"},
            {"dev.escu.pssession.risk.", "record matches (RiskRecorder, service side)"},
            {"dev.escu.pssession.ingest.EventIntake", "record matches (EventIntake, service side)"},
            {"dev.escu.pssession.ingest.RequestBodies", "HTTP body (Tomcat, limits, charset)"},
            {"org.apache.", "HTTP body (Tomcat, limits, charset)"},
            {"sun.nio.", "HTTP body (Tomcat, limits, charset)"},
            {"org.springframework.", "Spring, servlet filters, security"},
            {"org.hibernate.", "Hibernate (tuning filters per request)"},
            {"dev.escu.", "service, other"},
    };

    /** The step of the pipeline a sample belongs to: the first frame from the top that a rule names. */
    private static String step(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            for (String[] rule : STEPS) {
                if (type.startsWith(rule[0])) {
                    return rule[1];
                }
            }
        }
        return "other (JDK only)";
    }

    private static String threadGroup(String thread) {
        return thread.replaceAll("[-#]?\\d+$", "");
    }

    private static String top(Map<String, Long> counts, long total, int n) {
        StringBuilder b = new StringBuilder();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .forEach(en -> b.append(String.format(Locale.ROOT, "%s %.1f%%, ", en.getKey(), 100.0 * en.getValue() / total)));
        return b.toString();
    }

    private static void print(Map<String, Long> counts, long total, int n) {
        System.out.println("| share | method |");
        System.out.println("|---:|---|");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .forEach(en -> System.out.printf(Locale.ROOT, "| %5.1f %% | `%s` |%n", 100.0 * en.getValue() / total,
                        en.getKey()));
    }

    private static String name(RecordedFrame f) {
        RecordedMethod m = f.getMethod();
        String type = m.getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + m.getName();
    }

    /** The allocating method, and the first frame of the service's own code above it when that is a library. */
    private static String site(List<RecordedFrame> frames) {
        String first = name(frames.get(0));
        for (RecordedFrame f : frames) {
            if (f.getMethod().getType().getName().startsWith("dev.escu.")) {
                String own = name(f);
                return own.equals(first) ? first : first + " <- " + own;
            }
        }
        return first;
    }
}
