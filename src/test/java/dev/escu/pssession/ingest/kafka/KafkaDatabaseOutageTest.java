package dev.escu.pssession.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.escu.pssession.support.EventLines;
import dev.escu.pssession.support.StoppablePostgres;
import dev.escu.pssession.support.TestKeys;

/**
 * PostgreSQL stopped under a consuming instance: batches are tried again without committing (the
 * intake reports itself paused, the lag stays), and once the database is back every record is
 * stored: nothing skipped, nothing lost.
 */
@SpringBootTest(properties = {"spring.datasource.hikari.connection-timeout=1000", "pssession.kafka.enabled=true",
        "pssession.kafka.topics=outage:ndjson", "pssession.kafka.group-id=outage-group",
        "pssession.kafka.retry-backoff=200ms", "pssession.kafka.retry-backoff-max=1s",
        "spring.kafka.consumer.fetch-max-wait=20ms"})
@DirtiesContext
class KafkaDatabaseOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final StoppablePostgres postgres = new StoppablePostgres("kafka-outage-pg");

    @Autowired
    KafkaIntakeHealthIndicator health;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestKafka.createTopics(1, "outage");
        postgres.register(registry);
        registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
        TestKeys.register(registry);
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void pausesWhileTheDatabaseIsAwayAndStoresEverythingOnceItIsBack() throws Exception {
        TestKafka.send(List.of(record("BEFORE-OUTAGE", 0)));
        TestKafka.awaitCaughtUp("outage-group", WAIT, "outage");

        postgres.stop();
        List<ProducerRecord<byte[], byte[]>> during = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            during.add(record("DURING-OUTAGE-" + (i % 4), i + 1));
        }
        TestKafka.send(during);
        TestKafka.await(WAIT, () -> "paused".equals(health.health().getDetails().get("state")),
                () -> "the intake should report itself paused: " + health.health());
        assertThat(TestKafka.lag("outage-group", "outage")).isEqualTo(20);

        postgres.start();
        TestKafka.awaitCaughtUp("outage-group", WAIT, "outage");

        assertThat(health.health().getDetails().get("state")).isEqualTo("running");
        try (Connection c = postgres.connection();
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*), sum(count) FROM finding")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(5);
            assertThat(rs.getLong(2)).isEqualTo(21);
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String dest, int second) {
        String line = EventLines.events().matching(dest, "2026-03-02T08:00:" + String.format("%02d", second) + "Z").ndjson();
        return new ProducerRecord<>("outage", line.getBytes(StandardCharsets.UTF_8));
    }
}
