package dev.escu.pssession.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * (b) End to end: POSTs NDJSON batches to the running service, closed loop with a few concurrent
 * keep-alive connections ({@link PlainHttp}, one per thread), and measures events/s, MB/s and the
 * per-request latency (send to whole answer).
 *
 * <p>The batches are generated and (for gzip) compressed before the clock starts, from a corpus
 * stream of their own, so every event is new to the service (no duplicate shortcut) unless the
 * corpus itself holds re-sent duplicates ({@code --dup-rate}).
 *
 * <p>{@code --file F} instead sends one file as one request, streamed from disk (the 1 GiB run).
 */
public final class LoadGenerator {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int REQUEST_TIMEOUT_MILLIS = 10 * 60 * 1000;

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        String url = a.get("url", "http://127.0.0.1:18090") + "/api/v1/events";
        String key = a.get("key", null);
        String name = a.get("name", "e2e");
        Path out = Path.of(a.get("out", "target/bench/results/results.jsonl"));
        CpuMeter cpu = new CpuMeter(a.get("service-pid", "0"), a.get("pg-pid", "0"));
        Map<String, Object> result;
        if (!a.get("file", "").isEmpty()) {
            result = oneFile(url, key, Path.of(a.get("file", null)), cpu);
        } else {
            result = batches(url, key, a, cpu);
        }
        result.put("name", name);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, JSON.writeValueAsString(result) + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        System.out.println(JSON.writeValueAsString(result));
    }

    private static Map<String, Object> batches(String url, String key, Args a, CpuMeter cpu)
            throws Exception {
        double rate = Double.parseDouble(a.get("rate", "0.01"));
        int batch = Integer.parseInt(a.get("batch", "1000"));
        int requests = Integer.parseInt(a.get("requests", "100"));
        int warmup = Integer.parseInt(a.get("warmup", "0"));
        boolean gzip = a.flag("gzip");
        int concurrency = Integer.parseInt(a.get("concurrency", "2"));
        long seed = Long.parseLong(a.get("seed", "7"));
        int stream = Integer.parseInt(a.get("stream", "1"));
        long start = Long.parseLong(a.get("start", Long.toString(Corpus.Spec.DEFAULT_START)));
        long span = Long.parseLong(a.get("span", Long.toString(Corpus.Spec.WEEK)));
        double dupRate = Double.parseDouble(a.get("dup-rate", "0"));
        String clientKind = a.get("client", "plain");

        long prepStarted = System.nanoTime();
        int total = warmup + requests;
        Corpus corpus = new Corpus(new Corpus.Spec((long) total * batch, rate, seed, stream, start, span, dupRate));
        byte[][] bodies = new byte[total][];
        long plainBytes = 0;
        long wireBytes = 0;
        for (int r = 0; r < total; r++) {
            ByteArrayOutputStream body = new ByteArrayOutputStream(batch * 800);
            for (int i = 0; i < batch; i++) {
                body.write(corpus.next());
                body.write('\n');
            }
            byte[] plain = body.toByteArray();
            bodies[r] = gzip ? gzip(plain) : plain;
            if (r >= warmup) {
                plainBytes += plain.length;
                wireBytes += bodies[r].length;
            }
        }
        System.err.printf(Locale.ROOT, "[%s] %d bodies of %d events prepared in %.1f s%n", a.get("name", "e2e"), total,
                batch, (System.nanoTime() - prepStarted) / 1e9);

        // warm-up requests: sent, not measured
        try (Sender http = sender(clientKind, url)) {
            for (int r = 0; r < warmup; r++) {
                send(http, key, bodies[r], gzip);
            }
        }

        AtomicInteger next = new AtomicInteger(warmup);
        long[] latencies = new long[requests];
        AtomicLong received = new AtomicLong();
        AtomicLong matched = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong findings = new AtomicLong();
        AtomicLong risk = new AtomicLong();
        AtomicInteger failures = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        cpu.start();
        long started = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            Thread thread = new Thread(() -> {
                Sender http = sender(clientKind, url);
                int r;
                while ((r = next.getAndIncrement()) < total) {
                    long t0 = System.nanoTime();
                    try {
                        JsonNode report = send(http, key, bodies[r], gzip);
                        latencies[r - warmup] = System.nanoTime() - t0;
                        received.addAndGet(report.path("received").asLong());
                        matched.addAndGet(report.path("matched").asLong());
                        duplicates.addAndGet(report.path("duplicates").asLong());
                        findings.addAndGet(report.path("findingsUpdated").asLong());
                        risk.addAndGet(report.path("riskEventsCreated").asLong());
                    } catch (Exception e) {
                        latencies[r - warmup] = System.nanoTime() - t0;
                        if (failures.incrementAndGet() <= 3) {
                            System.err.println("request " + r + " failed: " + e);
                        }
                    }
                }
                http.close();
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Object> cpuUse = cpu.stop(seconds);

        long events = (long) requests * batch;
        Arrays.sort(latencies);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("kind", "e2e");
        result.put("rate", rate);
        result.put("batch", batch);
        result.put("gzip", gzip);
        result.put("concurrency", concurrency);
        result.put("client", clientKind);
        result.put("requests", requests);
        result.put("failures", failures.get());
        result.put("events", events);
        result.put("seconds", seconds);
        result.put("eventsPerSecond", events / seconds);
        result.put("mbPerSecond", plainBytes / seconds / 1e6);
        result.put("wireMbPerSecond", wireBytes / seconds / 1e6);
        result.put("bytesPerEvent", (double) plainBytes / events);
        result.put("p50Ms", percentile(latencies, 0.50) / 1e6);
        result.put("p99Ms", percentile(latencies, 0.99) / 1e6);
        result.put("maxMs", latencies[latencies.length - 1] / 1e6);
        result.put("received", received.get());
        result.put("matched", matched.get());
        result.put("duplicates", duplicates.get());
        result.put("stored", matched.get() - duplicates.get());
        result.put("storedPerSecond", (matched.get() - duplicates.get()) / seconds);
        result.put("findingsUpdated", findings.get());
        result.put("riskEventsCreated", risk.get());
        result.put("cpu", cpuUse);
        return result;
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Sends one batch and answers status and body: {@link PlainHttp}, or the JDK's client to compare. */
    private interface Sender extends AutoCloseable {
        PlainHttp.Answer post(String contentEncoding, String authorization, byte[] body) throws IOException;

        @Override
        void close();
    }

    private static Sender sender(String kind, String url) {
        if (kind.equals("plain")) {
            PlainHttp http = new PlainHttp(url, REQUEST_TIMEOUT_MILLIS);
            return new Sender() {
                @Override
                public PlainHttp.Answer post(String contentEncoding, String authorization, byte[] body)
                        throws IOException {
                    return http.post("application/x-ndjson", contentEncoding, authorization, body);
                }

                @Override
                public void close() {
                    http.close();
                }
            };
        }
        if (!kind.equals("jdk")) {
            throw new IllegalArgumentException("--client takes plain or jdk");
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        return new Sender() {
            @Override
            public PlainHttp.Answer post(String contentEncoding, String authorization, byte[] body)
                    throws IOException {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofMillis(REQUEST_TIMEOUT_MILLIS))
                        .header("Authorization", authorization)
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                if (contentEncoding != null) {
                    request.header("Content-Encoding", contentEncoding);
                }
                try {
                    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    return new PlainHttp.Answer(response.statusCode(), response.body());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }

            @Override
            public void close() {
                // the JDK's client closes its connections when it is collected
            }
        };
    }

    private static JsonNode send(Sender http, String key, byte[] body, boolean gzip) throws IOException {
        PlainHttp.Answer answer = http.post(gzip ? "gzip" : null, "Bearer " + key, body);
        if (answer.status() != 200) {
            throw new IOException("HTTP " + answer.status() + ": " + abbreviate(answer.body()));
        }
        return JSON.readTree(answer.body());
    }

    /** One file as one request, streamed from disk by the JDK's client (its CPU matters little here). */
    private static Map<String, Object> oneFile(String url, String key, Path file, CpuMeter cpu) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        long size = Files.size(file);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(30))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofFile(file))
                .build();
        cpu.start();
        long started = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("kind", "one-file");
        result.put("file", file.toString());
        result.put("bytes", size);
        result.put("status", response.statusCode());
        result.put("seconds", seconds);
        result.put("mbPerSecond", size / seconds / 1e6);
        if (response.statusCode() == 200) {
            JsonNode report = JSON.readTree(response.body());
            result.put("received", report.path("received").asLong());
            result.put("accepted", report.path("accepted").asLong());
            result.put("matched", report.path("matched").asLong());
            result.put("duplicates", report.path("duplicates").asLong());
            result.put("eventsPerSecond", report.path("received").asLong() / seconds);
        } else {
            result.put("body", abbreviate(response.body()));
        }
        result.put("cpu", cpu.stop(seconds));
        return result;
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 4);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
            gz.write(plain);
        }
        return out.toByteArray();
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }
}
