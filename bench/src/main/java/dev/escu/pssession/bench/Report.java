package dev.escu.pssession.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prints every figure of a run and the ratios against the targets, as Markdown:
 * {@code Report --results DIR --corpus DIR}.
 */
public final class Report {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final StringBuilder md = new StringBuilder();

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        Path results = Path.of(a.get("results", null));
        Path corpus = Path.of(a.get("corpus", null));
        Report r = new Report();
        r.run(results, corpus);
        Files.writeString(results.resolve("summary.md"), r.md);
        System.out.print(r.md);
    }

    private void line(String format, Object... args) {
        md.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private void run(Path results, Path corpusDir) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        Path jsonl = results.resolve("results.jsonl");
        if (Files.exists(jsonl)) {
            for (String l : Files.readAllLines(jsonl)) {
                if (!l.isBlank()) {
                    rows.add(JSON.readTree(l));
                }
            }
        }
        Map<String, Long> corpusEvents = new LinkedHashMap<>();
        Map<String, Long> corpusBytes = new LinkedHashMap<>();
        // the corpora as the run used them (a later run may have regenerated the files)
        for (JsonNode r : rows) {
            if (r.path("kind").asString().equals("corpus")) {
                corpusEvents.put(r.path("rate").asString(), r.path("events").asLong());
                corpusBytes.put(r.path("rate").asString(), r.path("bytes").asLong());
            }
        }
        for (String rate : corpusEvents.isEmpty() ? List.of("0.1", "1", "100") : List.<String>of()) {
            Path f = corpusDir.resolve("corpus-" + rate + ".ndjson");
            if (Files.exists(f)) {
                try (var lines = Files.lines(f)) {
                    corpusEvents.put(rate, lines.count());
                }
                corpusBytes.put(rate, Files.size(f));
            }
        }

        // (a) JMH
        Map<String, Double> a1 = new LinkedHashMap<>(); // rate -> events/s, 1 thread, full pipeline
        Map<String, Double> a2 = new LinkedHashMap<>(); // rate -> events/s, 2 threads
        line("## (a) In-process ceiling: parse + normalise + detect (JMH, no HTTP, no database)%n");
        line("| benchmark | match rate | threads | ms per corpus | events/s | MB/s |");
        line("|---|---:|---:|---:|---:|---:|");
        List<Path> jmhFiles;
        try (var files = Files.list(results)) {
            jmhFiles = files.filter(f -> f.getFileName().toString().matches("jmh-.*\\.json")).sorted().toList();
        }
        for (Path p : jmhFiles) {
            for (JsonNode b : JSON.readTree(Files.readString(p))) {
                String bench = b.path("benchmark").asString();
                bench = bench.substring(bench.lastIndexOf('.') + 1);
                String rate = b.path("params").path("rate").asString();
                int threads = b.path("threads").asInt();
                double ms = num(b.path("primaryMetric").path("score"));
                Long events = corpusEvents.get(rate);
                if (events == null) {
                    continue;
                }
                double eps = threads * events / (ms / 1000);
                double mbs = threads * corpusBytes.get(rate) / (ms / 1000) / 1e6;
                line("| %s | %s %% | %d | %,.0f ± %,.0f | %,.0f | %,.1f |", bench, rate, threads, ms,
                        num(b.path("primaryMetric").path("scoreError")), eps, mbs);
                if (bench.equals("pipeline")) {
                    (threads == 1 ? a1 : a2).put(rate, eps);
                }
            }
        }
        line("");
        corpusEvents.forEach((rate, n) -> line("corpus-%s.ndjson: %,d events, %,d bytes (%.0f bytes/event)  ", rate, n,
                corpusBytes.get(rate), (double) corpusBytes.get(rate) / n));
        line("");

        // (d) grep
        Map<String, Double> d = new LinkedHashMap<>();
        Map<String, Double> dC = new LinkedHashMap<>();
        line("## (d) Raw byte scan: `grep -ci enter-pssession` over the same NDJSON files%n");
        line("| file | locale | median s | events/s | MB/s | count |");
        line("|---|---|---:|---:|---:|---:|");
        for (JsonNode r : rows) {
            if (r.path("kind").asString().equals("grep")) {
                String rate = r.path("rate").asString();
                double eps = corpusEvents.getOrDefault(rate, 0L) / r.path("seconds").asDouble();
                line("| corpus-%s.ndjson | %s | %.3f | %,.0f | %,.0f | %d |", rate, r.path("locale").asString(),
                        r.path("seconds").asDouble(), eps, corpusBytes.getOrDefault(rate, 0L) / r.path("seconds").asDouble() / 1e6,
                        r.path("count").asLong());
                (r.path("locale").asString().equals("as-is") ? d : dC).put(rate, eps);
            }
        }
        line("");

        // (c) COPY + SQL
        Map<String, Double> c = new LinkedHashMap<>();
        line("## (c) The alternative: COPY into PostgreSQL, then the detection as one SQL query%n");
        line("| variant | match rate | events | COPY s | query s | total s | events/s | MB/s | groups | matched |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (JsonNode r : rows) {
            if (r.path("kind").asString().equals("copy-sql")) {
                String rate = rateOf(r.path("file").asString());
                line("| %s | %s %% | %,d | %.2f | %.2f | %.2f | %,.0f | %.1f | %,d | %,d |", r.path("variant").asString(), rate,
                        r.path("events").asLong(), r.path("copySeconds").asDouble(), r.path("querySeconds").asDouble(),
                        r.path("seconds").asDouble(), r.path("eventsPerSecond").asDouble(), r.path("mbPerSecond").asDouble(),
                        r.path("groups").asLong(), r.path("matched").asLong());
                c.merge(rate, r.path("eventsPerSecond").asDouble(), Math::max);
            }
        }
        line("");

        // (b) end to end
        Map<String, Double> b = new LinkedHashMap<>();
        line("## (b) End to end: HTTP POST to the service with PostgreSQL (closed loop)%n");
        line("| match rate | batch | encoding | conc. | requests | events/s | MB/s (plain) | MB/s (wire) | p50 ms | p99 ms | max ms | matched | stored | CPU s: service / postgres / loadgen / other | cores busy (ours / machine) |");
        line("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        for (JsonNode r : rows) {
            if (r.path("kind").asString().equals("e2e") && r.path("name").asString().startsWith("e2e")) {
                e2eRow(r);
                String rate = fmtRate(r.path("rate").asDouble());
                b.put(rate + "/" + r.path("batch").asInt() + "/" + (r.path("gzip").asBoolean() ? "gzip" : "plain"),
                        r.path("eventsPerSecond").asDouble());
            }
        }
        line("");

        // flood
        line("## All-match flood (100 %% matching, with re-sent duplicates), stored with deduplication%n");
        line("| match rate | batch | encoding | conc. | requests | events/s | MB/s (plain) | MB/s (wire) | p50 ms | p99 ms | max ms | matched | stored | CPU s: service / postgres / loadgen / other | cores busy (ours / machine) |");
        line("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        double flood = 0;
        JsonNode floodRow = null;
        for (JsonNode r : rows) {
            if (r.path("kind").asString().equals("e2e") && r.path("name").asString().startsWith("flood")) {
                e2eRow(r);
                flood = r.path("storedPerSecond").asDouble();
                floodRow = r;
            }
        }
        if (floodRow != null) {
            line("%nStored (new) matched events per second: **%,.0f** (%,d matched, %,d duplicates recognised, %,d risk events created).",
                    flood, floodRow.path("matched").asLong(), floodRow.path("duplicates").asLong(),
                    floodRow.path("riskEventsCreated").asLong());
        }
        line("");

        // detection sets
        Map<String, Double> sets = new LinkedHashMap<>();
        for (JsonNode r : rows) {
            if (r.path("kind").asString().equals("e2e") && r.path("name").asString().startsWith("set-")) {
                sets.put(r.path("name").asString().substring(4), r.path("eventsPerSecond").asDouble());
            }
        }
        if (!sets.isEmpty()) {
            line("## Detection sets (1 %%, 10,000-event batches, end to end)%n");
            line("| set | events/s | against seed |");
            line("|---|---:|---:|");
            Double seed = sets.get("seed");
            sets.forEach((set, rate) -> line("| %s | %,.0f | %s |", set, rate, seed == null ? "" : String.format(Locale.ROOT, "%.2f", rate / seed)));
            line("");
        }

        // 1 GiB
        line("## One large request with a small heap%n");
        for (JsonNode r : rows) {
            if (r.path("kind").asString().equals("one-file")) {
                line("- %s: %,d bytes, HTTP %d in %.1f s (%,.0f events/s, %.1f MB/s); received %,d, matched %,d; "
                                + "CPU s service %s, postgres %s", r.path("name").asString(), r.path("bytes").asLong(),
                        r.path("status").asInt(), r.path("seconds").asDouble(), r.path("eventsPerSecond").asDouble(),
                        r.path("mbPerSecond").asDouble(), r.path("received").asLong(), r.path("matched").asLong(),
                        r.path("cpu").path("serviceCpuSeconds").asString(), r.path("cpu").path("postgresCpuSeconds").asString());
            }
            if (r.path("kind").asString().equals("memory")) {
                line("- service JVM %s: heap used max %,.0f MB (jstat samples every second), max RSS (VmHWM) %,.0f MB, "
                                + "heap committed max %,.0f MB", r.path("jvm").asString(), r.path("heapUsedMaxMb").asDouble(),
                        r.path("rssMaxMb").asDouble(), r.path("heapCommittedMaxMb").asDouble());
            }
        }
        line("");

        // queries
        line("## Read side with the flood stored%n");
        line("| query | requests | p50 ms | p99 ms | max ms | rows | example |");
        line("|---|---:|---:|---:|---:|---:|---|");
        double worstP99 = 0;
        double worstP99Vacuumed = 0;
        String stored = "";
        for (JsonNode r : rows) {
            if (r.path("kind").asString().equals("query")) {
                line("| %s | %d | %.1f | %.1f | %.1f | %.1f | `%s` |", r.path("name").asString(), r.path("requests").asInt(),
                        r.path("p50Ms").asDouble(), r.path("p99Ms").asDouble(), r.path("maxMs").asDouble(),
                        r.path("avgRows").asDouble(), r.path("example").asString());
                if (r.path("name").asString().endsWith("after VACUUM")) {
                    worstP99Vacuumed = Math.max(worstP99Vacuumed, r.path("p99Ms").asDouble());
                } else {
                    worstP99 = Math.max(worstP99, r.path("p99Ms").asDouble());
                }
                stored = String.format(Locale.ROOT, "%,d matched events, %,d findings, %,d risk events stored",
                        r.path("storedEvents").asLong(), r.path("storedFindings").asLong(), r.path("storedRiskEvents").asLong());
            }
        }
        line("%n%s.%n", stored);

        // ratios
        line("## Ratios and targets%n");
        line("| figure | value | target | met? |");
        line("|---|---:|---:|---|");
        Double a = a1.get("1");
        Double bHead = b.get("1/10000/plain");
        for (String key : b.keySet()) {
            if (key.startsWith("1/") && !key.startsWith("1/1/") && a != null) {
                ratio("(b)/(a) at 1 %, " + key.substring(2) + " (a: 1 thread)", b.get(key) / a, 0.5);
            }
        }
        if (a2.get("1") != null && bHead != null) {
            ratio("(b)/(a) at 1 %, 10000/plain (a: 2 threads)", bHead / a2.get("1"), 0.5);
        }
        if (bHead != null && c.get("1") != null) {
            ratio("(b)/(c) at 1 %, 10000/plain vs the faster COPY variant", bHead / c.get("1"), 3);
        }
        Double bBest = b.entrySet().stream().filter(en -> en.getKey().startsWith("1/") && !en.getKey().startsWith("1/1/"))
                .map(Map.Entry::getValue)
                .max(Double::compare).orElse(null);
        if (bBest != null && c.get("1") != null) {
            ratio("(b)/(c) at 1 %, best (b) scenario", bBest / c.get("1"), 3);
        }
        if (a != null && d.get("1") != null) {
            ratio("(a)/(d) at 1 % (1 thread vs grep as the locale has it)", a / d.get("1"), 0.4);
        }
        if (a != null && dC.get("1") != null) {
            ratio("(a)/(d) at 1 % (1 thread vs grep with LC_ALL=C)", a / dC.get("1"), 0.4);
        }
        if (floodRow != null) {
            line("| all-match flood, stored events/s | %,.0f | 20,000 | %s |", flood, flood >= 20_000 ? "yes" : "**no**");
        }
        for (JsonNode r : rows) {
            if (r.path("kind").asString().equals("one-file")) {
                line("| %s | HTTP %d | 200 with -Xmx256m | %s |", r.path("name").asString(), r.path("status").asInt(),
                        r.path("status").asInt() == 200 ? "yes" : "**no**");
            }
        }
        if (worstP99 > 0) {
            line("| worst read p99 (ms), right after the flood | %.1f | < 50 | %s |", worstP99, worstP99 < 50 ? "yes" : "**no**");
        }
        if (worstP99Vacuumed > 0) {
            line("| worst read p99 (ms), after VACUUM | %.1f | < 50 | %s |", worstP99Vacuumed,
                    worstP99Vacuumed < 50 ? "yes" : "**no**");
        }
        contention(rows);
    }

    private void contention(List<JsonNode> rows) {
        line("%n## Contention: other work on the machine during each accepted measurement%n");
        line("Each measurement is repeated (up to 3 times) while other processes used 0.2 cores or more; the last attempt is kept.%n");
        line("| measurement | attempt | wall s | cores used by others |");
        line("|---|---:|---:|---:|");
        for (JsonNode r : rows) {
            if (r.path("kind").asString().equals("phase")) {
                double others = num(r.path("othersCores"));
                line("| %s | %d | %.0f | %s%.2f%s |", r.path("name").asString(), r.path("attempt").asInt(),
                        num(r.path("wallSeconds")), others >= 0.2 ? "**" : "", others, others >= 0.2 ? "**" : "");
            }
        }
    }

    private void ratio(String name, double value, double target) {
        line("| %s | %.2f | >= %s | %s |", name, value, target == (long) target ? Long.toString((long) target)
                : Double.toString(target), value >= target ? "yes" : "**no**");
    }

    private void e2eRow(JsonNode r) {
        JsonNode cpu = r.path("cpu");
        line("| %s %% | %,d | %s | %d | %d | %,.0f | %.1f | %.1f | %.0f | %.0f | %.0f | %,d | %,d | %s / %s / %s / %s | %s / %s |",
                fmtRate(r.path("rate").asDouble()), r.path("batch").asInt(), r.path("gzip").asBoolean() ? "gzip" : "plain",
                r.path("concurrency").asInt(), r.path("requests").asInt(), r.path("eventsPerSecond").asDouble(),
                r.path("mbPerSecond").asDouble(), r.path("wireMbPerSecond").asDouble(), r.path("p50Ms").asDouble(),
                r.path("p99Ms").asDouble(), r.path("maxMs").asDouble(), r.path("matched").asLong(), r.path("stored").asLong(),
                cpu.path("serviceCpuSeconds").asString(), cpu.path("postgresCpuSeconds").asString(),
                cpu.path("loadgenCpuSeconds").asString(), cpu.path("otherCpuSeconds").asString(),
                cpu.path("coresBusy").asString(), cpu.path("machineCoresBusy").asString());
        if (r.path("failures").asInt() > 0) {
            line("| ^ %d requests FAILED | | | | | | | | | | | | | | |", r.path("failures").asInt());
        }
    }

    /** A JMH number, which may be written "NaN" (the error of too few iterations). */
    private static double num(JsonNode node) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        try {
            return Double.parseDouble(node.asString());
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String fmtRate(double rate) {
        double pct = rate * 100;
        return pct == Math.rint(pct) ? Long.toString((long) pct) : Double.toString(pct);
    }

    private static String rateOf(String file) {
        String name = Path.of(file).getFileName().toString();
        return name.replace("corpus-", "").replace(".ndjson", "");
    }
}
