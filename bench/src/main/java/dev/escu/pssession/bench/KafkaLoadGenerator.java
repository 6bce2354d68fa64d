package dev.escu.pssession.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import tools.jackson.databind.json.JsonMapper;

/**
 * (k) Kafka end to end: produces a corpus (the same generator, match rate and event shape as (b))
 * to a topic that the running service instances consume in one group, and measures events per
 * second from the first record sent to the moment the group has committed the last offset. The
 * service commits a poll's offsets only after its PostgreSQL transaction, so then every event is
 * stored. The records are prepared before the clock starts; the producer runs while the service
 * consumes (a backlog forms when it produces faster).
 *
 * <p>{@code KafkaLoadGenerator --bootstrap H:P --topic T --group G --events N --rate R --stream K
 * [--per-record 1] [--partitions 4] [--warmup-events N] [--metrics URL,URL] [--service-pids P,P] [--broker-pid P]
 * [--pg-pid P | --pg-pid-file F] [--pause-cmd CMD --resume-cmd CMD] [--name NAME] [--out FILE]}; {@code --per-record N}
 * puts N NDJSON lines into each record (1: one event per record, as Winlogbeat and Vector write them).
 *
 * <p>With {@code --pause-cmd} (run.sh: a session locks the tables the intake writes, so its batches wait)
 * and {@code --resume-cmd} (that session ends) the records are produced while the intake cannot store,
 * so they wait in Kafka, and the clock runs from the resume to the last offset committed: the intake
 * draining a backlog, without the producer in the timed window.
 */
public final class KafkaLoadGenerator {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        String bootstrap = a.get("bootstrap", "127.0.0.1:19092");
        String topic = a.get("topic", "bench");
        String group = a.get("group", "pssession-bench");
        long events = Long.parseLong(a.get("events", "1000000"));
        double rate = Double.parseDouble(a.get("rate", "0.01"));
        int stream = Integer.parseInt(a.get("stream", "1"));
        int perRecord = Integer.parseInt(a.get("per-record", "1"));
        int partitions = Integer.parseInt(a.get("partitions", "4"));
        String[] metrics = a.get("metrics", "").isEmpty() ? new String[0] : a.get("metrics", "").split(",");
        String[] servicePids = a.get("service-pids", "0").split(",");
        Path out = Path.of(a.get("out", "bench/target/kafka.jsonl"));
        String name = a.get("name", "kafka");

        long warmupEvents = Long.parseLong(a.get("warmup-events", "0"));

        long prepStarted = System.nanoTime();
        List<byte[]> warmup = records(warmupEvents, rate, stream + 500_000, perRecord);
        List<byte[]> records = records(events, rate, stream, perRecord);
        long bytes = records.stream().mapToLong(r -> r.length).sum();
        System.err.printf(Locale.ROOT, "[%s] %,d records (%,d events) and %,d warm-up records prepared in %.1f s%n", name,
                records.size(), events, warmup.size(), (System.nanoTime() - prepStarted) / 1e9);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            if (!warmup.isEmpty()) {
                // the same producer code, the service's consumers and the JIT of both warmed up, not measured
                long warmStarted = System.nanoTime();
                produce(bootstrap, topic, warmup);
                while (lag(admin, group, topic) > 0) {
                    Thread.sleep(50);
                }
                System.err.printf(Locale.ROOT, "[%s] warm-up: %,d records stored in %.1f s%n", name, warmup.size(),
                        (System.nanoTime() - warmStarted) / 1e9);
            }
            double[] before = counters(metrics);
            String pauseCommand = a.get("pause-cmd", "");
            double[] drainRate = new double[2];
            long failed = 0;
            double produced = 0;
            if (!pauseCommand.isEmpty()) {
                // backlog drain: the records wait in Kafka while the intake cannot store; the clock starts at the resume
                run(pauseCommand);
                long producing = System.nanoTime();
                failed = produce(bootstrap, topic, records);
                produced = (System.nanoTime() - producing) / 1e9;
                System.err.printf(Locale.ROOT, "[%s] backlog of %,d records produced in %.1f s; %,d committed meanwhile%n",
                        name, records.size(), produced, records.size() - lag(admin, group, topic));
                run(a.get("resume-cmd", null));
            }
            List<CpuMeter> services = new ArrayList<>();
            for (String pid : servicePids) {
                services.add(new CpuMeter(pid, "0"));
            }
            String pgPid = a.get("pg-pid-file", "").isEmpty() ? a.get("pg-pid", "0")
                    : Files.readAllLines(Path.of(a.get("pg-pid-file", null))).get(0).strip();
            CpuMeter cpu = new CpuMeter("0", pgPid);
            CpuMeter broker = new CpuMeter(a.get("broker-pid", "0"), "0");
            services.forEach(CpuMeter::start);
            cpu.start();
            broker.start();
            long started = System.nanoTime();

            if (pauseCommand.isEmpty()) {
                failed = produce(bootstrap, topic, records);
                produced = (System.nanoTime() - started) / 1e9;
            }
            // the end offsets no longer move: from here on each look is one request for the group's offsets
            Map<TopicPartition, Long> ends = endOffsets(admin, topic);
            long lag;
            long initialLag = -1;
            long firstCommitAt = 0;
            long lagAtFirstCommit = 0;
            while ((lag = lag(admin, group, ends)) > 0) {
                if (initialLag < 0) {
                    initialLag = lag;
                } else if (firstCommitAt == 0 && lag < initialLag) {
                    firstCommitAt = System.nanoTime(); // the first batch after the clock started is stored
                    lagAtFirstCommit = lag;
                }
                Thread.sleep(25);
                if ((System.nanoTime() - started) / 1e9 > 1800) {
                    throw new IllegalStateException("the group still lags by " + lag + " records after 30 minutes");
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (firstCommitAt > 0 && !pauseCommand.isEmpty()) {
                // the drain itself, without the wait for the database's return and the first batch
                double drain = (System.nanoTime() - firstCommitAt) / 1e9;
                long drainedEvents = lagAtFirstCommit * perRecord;
                System.err.printf(Locale.ROOT, "[%s] drain after the first batch: %,d events in %.2f s, %,.0f events/s%n",
                        name, drainedEvents, drain, drainedEvents / drain);
                drainRate[0] = drainedEvents / drain;
                drainRate[1] = (firstCommitAt - started) / 1e9;
            }
            double[] after = counters(metrics);

            Map<String, Object> result = new LinkedHashMap<>();
            result.put("kind", "kafka");
            result.put("name", name);
            result.put("rate", rate);
            result.put("eventsPerRecord", perRecord);
            result.put("instances", Math.max(1, metrics.length));
            result.put("partitions", partitions);
            result.put("records", records.size());
            result.put("events", events);
            result.put("failedSends", failed);
            result.put("seconds", seconds);
            result.put("produceSeconds", produced);
            result.put("backlog", !pauseCommand.isEmpty());
            if (!pauseCommand.isEmpty()) {
                result.put("drainEventsPerSecond", drainRate[0]);
                result.put("firstBatchSeconds", drainRate[1]);
            }
            result.put("eventsPerSecond", events / seconds);
            result.put("mbPerSecond", bytes / seconds / 1e6);
            result.put("bytesPerEvent", (double) bytes / events);
            result.put("received", after[0] - before[0]);
            result.put("matched", after[1] - before[1]);
            result.put("duplicates", after[2] - before[2]);
            List<Map<String, Object>> serviceCpu = new ArrayList<>();
            services.forEach(s -> serviceCpu.add(s.stop(seconds)));
            Map<String, Object> used = cpu.stop(seconds);
            used.put("serviceCpuSeconds", serviceCpu.stream().mapToDouble(m -> (Double) m.get("serviceCpuSeconds")).sum());
            double brokerCpu = (Double) broker.stop(seconds).get("serviceCpuSeconds");
            used.put("brokerCpuSeconds", brokerCpu);
            // the meter counted the services and the broker as "other": they are ours
            used.put("otherCpuSeconds", Math.round(Math.max(0, (Double) used.get("otherCpuSeconds")
                    - (Double) used.get("serviceCpuSeconds") - brokerCpu) * 100) / 100.0);
            result.put("cpu", used);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, JSON.writeValueAsString(result) + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            System.out.println(JSON.writeValueAsString(result));
        }
    }

    private static void run(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-c", command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("failed: " + command);
        }
    }

    /** The corpus of (b) as record values, {@code perRecord} NDJSON lines each. */
    private static List<byte[]> records(long events, double rate, int stream, int perRecord) {
        List<byte[]> records = new ArrayList<>();
        if (events == 0) {
            return records;
        }
        Corpus corpus = new Corpus(new Corpus.Spec(events, rate, 7, stream, Corpus.Spec.DEFAULT_START, Corpus.Spec.WEEK, 0));
        while (corpus.hasNext()) {
            java.io.ByteArrayOutputStream record = new java.io.ByteArrayOutputStream(perRecord * 800);
            for (int i = 0; i < perRecord && corpus.hasNext(); i++) {
                if (i > 0) {
                    record.write('\n');
                }
                record.writeBytes(corpus.next());
            }
            records.add(record.toByteArray());
        }
        return records;
    }

    /** Sends every record (one producer, batched) and waits for the broker's acknowledgements; answers the failures. */
    private static long produce(String bootstrap, String topic, List<byte[]> records) {
        AtomicLong failed = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(bootstrap))) {
            for (byte[] value : records) {
                producer.send(new ProducerRecord<>(topic, value), (metadata, error) -> {
                    if (error != null && failed.incrementAndGet() <= 3) {
                        System.err.println("send failed: " + error);
                    }
                });
            }
            producer.flush();
        }
        return failed.get();
    }

    private static Map<String, Object> producerConfig(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // as a log shipper sends: batches of up to 1 MiB, acks from the (one) broker, no compression
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 256L << 20);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    /** Records up to the given end offsets that the group has not committed yet. */
    private static long lag(Admin admin, String group, Map<TopicPartition, Long> ends) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        long lag = 0;
        for (var end : ends.entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += end.getValue() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    /** Records of the topic the group has not committed yet. */
    private static long lag(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        long lag = 0;
        for (var end : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += end.getValue().offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    /** received, matched and duplicate events of the Kafka intake, summed over the instances' /actuator/prometheus. */
    private static double[] counters(String[] urls) throws IOException, InterruptedException {
        double[] sums = new double[3];
        HttpClient http = HttpClient.newHttpClient();
        for (String url : urls) {
            String body = http.send(HttpRequest.newBuilder(URI.create(url + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) {
                if (line.startsWith("pssession_events_total{") && line.contains("format=\"kafka\"")) {
                    double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    if (line.contains("outcome=\"received\"")) {
                        sums[0] += value;
                    } else if (line.contains("outcome=\"matched\"")) {
                        sums[1] += value;
                    } else if (line.contains("outcome=\"duplicate\"")) {
                        sums[2] += value;
                    }
                }
            }
        }
        return sums;
    }
}
