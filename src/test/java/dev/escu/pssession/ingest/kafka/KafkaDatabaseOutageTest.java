package dev.escu.pssession.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.springframework.util.FileSystemUtils;

import dev.escu.pssession.support.EventLines;
import dev.escu.pssession.support.TestKeys;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

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

    private static final Path DATA = tempDir();
    private static final int DB_PORT = freePort();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static EmbeddedPostgres postgres = start();

    @Autowired
    KafkaIntakeHealthIndicator health;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestKafka.createTopics(1, "outage");
        registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
        TestKeys.register(registry);
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
        FileSystemUtils.deleteRecursively(DATA); // the server's own data folder, outside target/
    }

    @Test
    void pausesWhileTheDatabaseIsAwayAndStoresEverythingOnceItIsBack() throws Exception {
        TestKafka.send(List.of(record("BEFORE-OUTAGE", 0)));
        TestKafka.awaitCaughtUp("outage-group", WAIT, "outage");

        postgres.close();
        List<ProducerRecord<byte[], byte[]>> during = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            during.add(record("DURING-OUTAGE-" + (i % 4), i + 1));
        }
        TestKafka.send(during);
        TestKafka.await(WAIT, () -> "paused".equals(health.health().getDetails().get("state")),
                () -> "the intake should report itself paused: " + health.health());
        assertThat(TestKafka.lag("outage-group", "outage")).isEqualTo(20);

        postgres = start();
        TestKafka.awaitCaughtUp("outage-group", WAIT, "outage");

        assertThat(health.health().getDetails().get("state")).isEqualTo("running");
        try (Connection c = postgres.getPostgresDatabase().getConnection();
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

    private static EmbeddedPostgres start() {
        try {
            return EmbeddedPostgres.builder().setDataDirectory(DATA).setCleanDataDirectory(false).setPort(DB_PORT).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("kafka-outage-pg");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
