package dev.escu.pssession.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.escu.pssession.support.EventLines;
import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.ServiceTest;
import tools.jackson.databind.JsonNode;

/**
 * The whole service with the Kafka intake on, against a real (embedded KRaft) broker and the suite's
 * PostgreSQL: every format HTTP takes gives over Kafka the findings it gives over HTTP; a record that
 * cannot be read lands in the dead-letter topic with its reason and holds up nothing; records delivered
 * again change no count; lag and the intake's state are exported.
 */
class KafkaIntakeEndToEndTest extends ServiceTest {

    private static final String GROUP = "e2e-group";
    private static final String JSON = "e2e-json";
    private static final String NDJSON = "e2e-ndjson";
    private static final String XML = "e2e-xml";
    private static final String HEC = "e2e-hec";
    private static final String[] TOPICS = {JSON, NDJSON, XML, HEC};
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    @Qualifier(KafkaIntakeConfiguration.CONTAINER_BEAN)
    ConcurrentMessageListenerContainer<java.nio.ByteBuffer, java.nio.ByteBuffer> container;

    @BeforeAll
    static void topics() {
        TestKafka.createTopics(2, TOPICS);
    }

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
        registry.add("pssession.kafka.enabled", () -> "true");
        registry.add("pssession.kafka.topics", () -> JSON + ":json," + NDJSON + ":ndjson," + XML + ":xml," + HEC + ":hec");
        registry.add("pssession.kafka.group-id", () -> GROUP);
        registry.add("spring.kafka.consumer.fetch-max-wait", () -> "20ms");
    }

    @Test
    void everyFormatGivesOverKafkaTheFindingsItGivesOverHttp() {
        String xml = text("samples/powershell-4104.xml");
        List<String> xmlEvents = Arrays.stream(xml.split("(?=<Event xmlns)")).filter(s -> !s.isBlank()).toList();
        List<String> ndjsonLines = text("samples/powershell-4104.ndjson").lines().filter(s -> !s.isBlank()).toList();
        String expected = httpFindings("application/xml", xml);
        assertThat(httpFindings("application/x-ndjson", text("samples/powershell-4104.ndjson"))).isEqualTo(expected);

        Map<String, List<ProducerRecord<byte[], byte[]>>> variants = new java.util.LinkedHashMap<>();
        variants.put("XML, one event per record", xmlEvents.stream().map(e -> record(XML, e)).toList());
        variants.put("XML, the file as one record", List.of(record(XML, xml)));
        variants.put("NDJSON, the file as one record", List.of(record(NDJSON, text("samples/powershell-4104.ndjson"))));
        variants.put("JSON, one object per record", ndjsonLines.stream().map(l -> record(JSON, l)).toList());
        variants.put("JSON, the pretty-printed array as one record", List.of(record(JSON, text("samples/powershell-4104.json"))));
        variants.put("XML on the JSON topic, named by content-type", xmlEvents.stream()
                .map(e -> withHeader(record(JSON, e), "content-type", "application/xml")).toList());
        for (var variant : variants.entrySet()) {
            jdbc.execute("TRUNCATE risk_event, matched_event, finding RESTART IDENTITY CASCADE");
            TestKafka.send(variant.getValue());
            TestKafka.awaitCaughtUp(GROUP, WAIT, TOPICS);
            assertThat(findings()).as(variant.getKey()).isEqualTo(expected);
        }

        String hec = text("samples/hec-event.json");
        String hecOverHttp = httpFindings(null, null, () -> api.post("/services/collector/event", "application/json",
                hec.getBytes(StandardCharsets.UTF_8)));
        jdbc.execute("TRUNCATE risk_event, matched_event, finding RESTART IDENTITY CASCADE");
        TestKafka.send(List.of(record(HEC, hec)));
        TestKafka.awaitCaughtUp(GROUP, WAIT, TOPICS);
        assertThat(findings()).as("HEC envelopes").isEqualTo(hecOverHttp).contains("LAPTOP-ADM-11.contoso.local");
    }

    @Test
    void aRecordThatCannotBeReadGoesToTheDeadLetterTopicWithItsReasonAndTheRecordsAfterItAreStored() {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(keyed(NDJSON, "p", EventLines.events().matching("BEFORE-POISON", "2026-03-02T08:00:00Z").ndjson()));
        records.add(keyed(NDJSON, "p", "{\"EventCode\": \"4104\", \"ScriptBlockText\": \"Enter-PSSession -ComputerName x\"\n"));
        records.add(keyed(NDJSON, "p", EventLines.events().matching("AFTER-POISON", "2026-03-02T08:00:01Z").ndjson()));
        records.add(keyed(HEC, "p", "{\"time\": \"yesterday\", \"event\": {\"EventCode\": \"4104\"}}"));
        records.add(keyed(XML, "p", "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><Event>&e;</Event>"));
        records.add(keyed(HEC, "p", text("samples/hec-event.json")));
        TestKafka.send(records);
        TestKafka.awaitCaughtUp(GROUP, WAIT, TOPICS);

        // the two HEC envelopes of the sample after the three poison records: two findings
        assertThat(dests()).containsExactlyInAnyOrder("BEFORE-POISON", "AFTER-POISON", "LAPTOP-ADM-11.contoso.local",
                "BUILD-AGENT-4");
        List<ConsumerRecord<byte[], byte[]>> ndjsonLetters = TestKafka.read(NDJSON + ".DLT", 1, WAIT);
        assertThat(ndjsonLetters).singleElement().satisfies(letter -> {
            assertThat(new String(letter.value(), StandardCharsets.UTF_8)).startsWith("{\"EventCode\": \"4104\"");
            assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("p");
            assertThat(header(letter, DeadLetterPublisher.REASON_HEADER)).startsWith("event 0 of 1: Malformed JSON");
            assertThat(header(letter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isEqualTo(header(letter, DeadLetterPublisher.REASON_HEADER));
            assertThat(header(letter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(NDJSON);
        });
        List<ConsumerRecord<byte[], byte[]>> hecLetters = TestKafka.read(HEC + ".DLT", 1, WAIT);
        assertThat(hecLetters).singleElement().satisfies(letter ->
                assertThat(header(letter, DeadLetterPublisher.REASON_HEADER)).contains("\"time\" must be epoch seconds"));
        List<ConsumerRecord<byte[], byte[]>> xmlLetters = TestKafka.read(XML + ".DLT", 1, WAIT);
        assertThat(xmlLetters).singleElement().satisfies(letter ->
                assertThat(header(letter, DeadLetterPublisher.REASON_HEADER)).contains("DOCTYPE"));
    }

    @Test
    void recordsDeliveredAgainChangeNoCount() throws Exception {
        Map<TopicPartition, Long> before = TestKafka.endOffsets(TOPICS);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            records.add(record(i % 2 == 0 ? JSON : NDJSON,
                    EventLines.events().matching("AGAIN-" + (i % 5), "2026-03-02T08:00:" + (10 + i) + "Z").ndjson()));
        }
        TestKafka.send(records);
        TestKafka.awaitCaughtUp(GROUP, WAIT, TOPICS);
        String once = findings();
        long matchedOnce = jdbc.queryForObject("SELECT count(*) FROM matched_event", Long.class);
        assertThat(matchedOnce).isEqualTo(40);

        // a consumer that stored its batch but died before committing: its records come again
        container.stop();
        Map<TopicPartition, OffsetAndMetadata> back = new java.util.HashMap<>();
        before.forEach((partition, offset) -> back.put(partition, new OffsetAndMetadata(offset)));
        TestKafka.await(WAIT, () -> {
            try (Admin admin = TestKafka.admin()) {
                admin.alterConsumerGroupOffsets(GROUP, back).all().get(); // once the stopped consumers left the group
                return true;
            } catch (Exception e) {
                return false;
            }
        }, () -> "could not move the group's offsets back");
        assertThat(TestKafka.lag(GROUP, TOPICS)).isGreaterThanOrEqualTo(40);
        double duplicatesBefore = duplicates();
        container.start();
        TestKafka.awaitCaughtUp(GROUP, WAIT, TOPICS);

        assertThat(findings()).isEqualTo(once);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM matched_event", Long.class)).isEqualTo(matchedOnce);
        assertThat(duplicates() - duplicatesBefore).isGreaterThanOrEqualTo(40);
    }

    @Test
    void exportsConsumerLagAndTheIntakeStateInHealth() {
        TestKafka.send(List.of(record(NDJSON, EventLines.events().matching("HEALTH", "2026-03-02T08:00:00Z").ndjson())));
        TestKafka.awaitCaughtUp(GROUP, WAIT, TOPICS);

        String prometheus = api.as(null).get("/actuator/prometheus").body();
        assertThat(prometheus).contains("kafka_consumer_fetch_manager_records_lag_max")
                .contains("pssession_kafka_records_total{application=\"pssession-detector\",outcome=\"read\"}")
                .contains("format=\"kafka\"");

        JsonNode health = api.get("/actuator/health").json();
        JsonNode intake = health.path("components").path("kafkaIntake");
        assertThat(intake.path("status").asString()).isEqualTo("UP");
        assertThat(intake.path("details").path("state").asString()).isEqualTo("running");
        assertThat(intake.path("details").path("groupId").asString()).isEqualTo(GROUP);
        assertThat(intake.path("details").path("assignedPartitions").size()).isEqualTo(8);
    }

    private String httpFindings(String contentType, String body) {
        return httpFindings(contentType, body, () -> api.post("/api/v1/events", contentType, body.getBytes(StandardCharsets.UTF_8)));
    }

    private String httpFindings(String contentType, String body, java.util.function.Supplier<HttpApi.Response> post) {
        jdbc.execute("TRUNCATE risk_event, matched_event, finding RESTART IDENTITY CASCADE");
        HttpApi.Response answer = post.get();
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return findings();
    }

    /** The findings as the API lists them, without the ids the database gave them (arrival order). */
    private String findings() {
        List<String> rows = new ArrayList<>();
        for (JsonNode row : api.get("/api/v1/findings").json().get("results")) {
            var copy = (tools.jackson.databind.node.ObjectNode) row.deepCopy();
            copy.properties().removeIf(e -> e.getValue().toString().contains("/findings/")
                    || e.getKey().equals("findingId") || e.getKey().equals("id"));
            rows.add(copy.toString());
        }
        rows.sort(null);
        return String.join("\n", rows);
    }

    private List<String> dests() {
        return jdbc.queryForList("SELECT dest FROM finding", String.class);
    }

    private double duplicates() {
        String prometheus = api.as(null).get("/actuator/prometheus").body();
        return prometheus.lines().filter(l -> l.startsWith("pssession_events_total{") && l.contains("format=\"kafka\"")
                        && l.contains("outcome=\"duplicate\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String value) {
        return new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8));
    }

    private static ProducerRecord<byte[], byte[]> keyed(String topic, String key, String value) {
        // one key: the records land on one partition, in this order
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    private static ProducerRecord<byte[], byte[]> withHeader(ProducerRecord<byte[], byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String text(String resource) {
        return new String(HttpApi.resource(resource), StandardCharsets.UTF_8);
    }
}
