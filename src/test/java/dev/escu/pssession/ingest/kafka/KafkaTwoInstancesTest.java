package dev.escu.pssession.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import dev.escu.pssession.support.EventLines;
import dev.escu.pssession.support.ServiceInstance;
import dev.escu.pssession.support.TestDatabase;

/**
 * Two service instances in one consumer group share a topic's partitions; one is stopped while
 * records keep coming, its partitions move to the other, and the findings count every event exactly
 * once: nothing lost in the rebalance, nothing counted twice (re-sent records included).
 */
class KafkaTwoInstancesTest {

    private static final String TOPIC = "two-instances";
    private static final String GROUP = "two-instances-group";
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static ServiceInstance first;
    private static ServiceInstance second;

    @BeforeAll
    static void startTwoInstances() {
        TestKafka.createTopics(4, TOPIC);
        String[] kafka = {
                "spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "pssession.kafka.enabled=true",
                "pssession.kafka.topics=" + TOPIC + ":ndjson",
                "pssession.kafka.group-id=" + GROUP,
                // small polls: many batches, so the stop falls between some of them
                "spring.kafka.consumer.max-poll-records=25",
                "spring.kafka.consumer.fetch-max-wait=20ms",
                "pssession.ingest.stage-chunk=7"};
        first = ServiceInstance.start(kafka);
        second = ServiceInstance.start(kafka);
    }

    @AfterAll
    static void stop() {
        first.close();
        if (second.context().isActive()) {
            second.close();
        }
    }

    @Test
    void replicasShareThePartitionsAndCountEveryEventOnceAcrossAStoppedReplica() throws Exception {
        TestDatabase.emptyTables();
        TestKafka.await(WAIT, () -> assigned(first) == 2 && assigned(second) == 2,
                () -> "partitions not shared: " + assigned(first) + " and " + assigned(second));

        Corpus corpus = new Corpus();
        List<ProducerRecord<byte[], byte[]>> firstHalf = corpus.records(0, 600);
        List<ProducerRecord<byte[], byte[]>> secondHalf = corpus.records(600, 1200);
        secondHalf.addAll(corpus.records(100, 200)); // re-sent: must change no count

        TestKafka.send(firstHalf);
        TestKafka.await(WAIT, () -> state(first).snapshot().records() > 0 && state(second).snapshot().records() > 0,
                () -> "both replicas should have stored records: " + state(first).snapshot().records() + ", " + state(second).snapshot().records());
        Thread producer = new Thread(() -> {
            for (int from = 0; from < secondHalf.size(); from += 100) {
                TestKafka.send(secondHalf.subList(from, Math.min(secondHalf.size(), from + 100)));
            }
        });
        producer.start();
        second.close(); // graceful: its batch in hand is stored and committed, its partitions move on
        producer.join();

        TestKafka.awaitCaughtUp(GROUP, WAIT, TOPIC);
        assertThat(assigned(first)).isEqualTo(4);
        assertThat(counts("SELECT dest, sum(count) FROM finding GROUP BY dest")).isEqualTo(corpus.expectedCounts());
        assertThat(counts("SELECT 'matched', count(*) FROM matched_event")).containsEntry("matched", corpus.matching());
    }

    private static int assigned(ServiceInstance instance) {
        var container = instance.context().getBean(KafkaIntakeConfiguration.CONTAINER_BEAN,
                ConcurrentMessageListenerContainer.class);
        var partitions = container.getAssignedPartitions();
        return partitions == null ? 0 : partitions.size();
    }

    private static KafkaIntakeState state(ServiceInstance instance) {
        return instance.context().getBean(KafkaIntakeState.class);
    }

    private static Map<String, Long> counts(String sql) throws Exception {
        TestDatabase.Connection db = TestDatabase.get();
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(db.url(), db.username(), db.password());
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    /** 1,200 events on 12 hosts, one record each, every third one matching; keys spread them over the partitions. */
    private static final class Corpus {

        private final List<String> lines = new ArrayList<>();
        private final Map<String, Long> expected = new TreeMap<>();
        private long matching;

        Corpus() {
            Instant start = Instant.parse("2026-03-02T08:00:00Z");
            for (int i = 0; i < 1200; i++) {
                String host = "REPLICA-HOST-" + (i % 12);
                String time = start.plusSeconds(i * 7L).toString();
                boolean match = i % 3 == 0;
                lines.add(EventLines.events().add(host, time,
                        match ? "Enter-PSSession -ComputerName DB" + (i % 4) : "Get-ChildItem C:\\temp\\" + i,
                        EventLines.nextRecordId()).ndjson());
                if (match) {
                    expected.merge(host, 1L, Long::sum);
                    matching++;
                }
            }
        }

        List<ProducerRecord<byte[], byte[]>> records(int from, int to) {
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int i = from; i < to; i++) {
                records.add(new ProducerRecord<>(TOPIC, ("key-" + i).getBytes(StandardCharsets.UTF_8),
                        lines.get(i).getBytes(StandardCharsets.UTF_8)));
            }
            return records;
        }

        Map<String, Long> expectedCounts() {
            return expected;
        }

        long matching() {
            return matching;
        }
    }
}
