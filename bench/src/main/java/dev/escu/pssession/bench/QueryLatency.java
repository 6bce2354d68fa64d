package dev.escu.pssession.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read side with many matched events stored: findings list, drilldown 1 and drilldown 2, each
 * asked {@code --requests} times one after the other (after a warm-up), over varying dests and
 * time windows; p50/p99 of the whole HTTP round trip.
 */
public final class QueryLatency {

    static final String DETECTION = "a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af";

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        String base = a.get("url", "http://127.0.0.1:18090");
        String key = a.get("key", null);
        int requests = Integer.parseInt(a.get("requests", "300"));
        int warmup = Integer.parseInt(a.get("warmup", "20"));
        double budgetSeconds = Double.parseDouble(a.get("budget-seconds", "60"));
        long start = Long.parseLong(a.get("start", Long.toString(Corpus.Spec.DEFAULT_START)));
        long span = Long.parseLong(a.get("span", Long.toString(Corpus.Spec.WEEK)));
        Path out = Path.of(a.get("out", "target/bench/results/results.jsonl"));
        long storedEvents = Long.parseLong(a.get("stored-events", "0"));
        long storedFindings = Long.parseLong(a.get("stored-findings", "0"));
        long storedRisk = Long.parseLong(a.get("stored-risk", "0"));
        String label = a.get("label", "");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        SplittableRandom rnd = new SplittableRandom(11);
        IntFunction<String> dest = i -> String.format("ADM-WS-%03d.contoso.local", 1 + rnd.nextInt(Corpus.ADMIN_HOSTS));

        Map<String, IntFunction<String>> endpoints = new LinkedHashMap<>();
        endpoints.put("findings list (first page, 50)", i -> "/api/v1/findings");
        endpoints.put("findings list, page 20", i -> "/api/v1/findings?page=20");
        endpoints.put("findings list for one dest", i -> "/api/v1/findings?dest=" + enc(dest.apply(i)));
        endpoints.put("drilldown 1, 70-minute window", i -> {
            long from = start + 3600L * rnd.nextInt((int) Math.max(1, span / 3600 - 2));
            return "/api/v1/detections/" + DETECTION + "/results?dest=" + enc(dest.apply(i))
                    + "&earliest=" + from + "&latest=" + (from + 70 * 60);
        });
        endpoints.put("drilldown 1, 24-hour window", i -> {
            long from = start + 3600L * rnd.nextInt((int) Math.max(1, span / 3600 - 25));
            return "/api/v1/detections/" + DETECTION + "/results?dest=" + enc(dest.apply(i))
                    + "&earliest=" + from + "&latest=" + (from + 24 * 3600);
        });
        endpoints.put("drilldown 1, all time", i -> "/api/v1/detections/" + DETECTION + "/results?dest="
                + enc(dest.apply(i)));
        endpoints.put("drilldown 2 (risk, 7 days)", i -> "/api/v1/risk/summary?object=" + enc(dest.apply(i).toLowerCase()));

        List<Map<String, Object>> all = new ArrayList<>();
        for (var e : endpoints.entrySet()) {
            for (int i = 0; i < warmup; i++) {
                get(client, base + e.getValue().apply(i), key);
            }
            long[] latencies = new long[requests];
            long rows = 0;
            long bytes = 0;
            int done = 0;
            long budgetEnd = System.nanoTime() + (long) (budgetSeconds * 1e9);
            // at most `requests`; a slow endpoint stops after its time budget, with at least 50 requests
            for (int i = 0; i < requests && (i < 50 || System.nanoTime() < budgetEnd); i++, done++) {
                String url = base + e.getValue().apply(i);
                long t0 = System.nanoTime();
                HttpResponse<String> response = get(client, url, key);
                latencies[i] = System.nanoTime() - t0;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(url + ": HTTP " + response.statusCode() + " " + response.body());
                }
                bytes += response.body().length();
                JsonNode results = JsonMapper.builder().build().readTree(response.body()).path("results");
                rows += results.size();
            }
            latencies = Arrays.copyOf(latencies, Math.max(1, done));
            Arrays.sort(latencies);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("kind", "query");
            r.put("name", e.getKey() + label);
            r.put("example", e.getValue().apply(0));
            r.put("requests", done);
            r.put("p50Ms", LoadGenerator.percentile(latencies, 0.50) / 1e6);
            r.put("p99Ms", LoadGenerator.percentile(latencies, 0.99) / 1e6);
            r.put("maxMs", latencies[latencies.length - 1] / 1e6);
            r.put("avgRows", (double) rows / done);
            r.put("avgBytes", (double) bytes / done);
            r.put("storedEvents", storedEvents);
            r.put("storedFindings", storedFindings);
            r.put("storedRiskEvents", storedRisk);
            all.add(r);
            System.out.println(JsonMapper.builder().build().writeValueAsString(r));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        StringBuilder lines = new StringBuilder();
        for (Map<String, Object> r : all) {
            lines.append(JsonMapper.builder().build().writeValueAsString(r)).append('\n');
        }
        Files.writeString(out, lines, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> get(HttpClient client, String url, String key) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
