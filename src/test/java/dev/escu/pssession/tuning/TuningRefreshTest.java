package dev.escu.pssession.tuning;

import static dev.escu.pssession.support.EventLines.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import dev.escu.pssession.support.ServiceTest;

/**
 * Rules are read once per refresh period: a change made through this instance applies at once,
 * one written by another instance (here: straight into the database) only after the period.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "pssession.tuning.refresh=1h")
class TuningRefreshTest extends ServiceTest {

    private int filtered(String dest) {
        return api.post("/api/v1/events", "application/x-ndjson",
                events().matching(dest, "2026-03-02T08:00:00Z").ndjson()).json().get("filtered").asInt();
    }

    @Test
    void appliesOwnChangesAtOnceAndOthersAfterTheRefresh() {
        filtered("WARM-UP"); // the rules (none) are now read
        UUID foreign = UUID.randomUUID();
        jdbc.update("INSERT INTO detection_filter (id, detection_id, reason, created_by, created_at, updated_by, updated_at) "
                + "VALUES (?, 'a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af', 'other instance', 'x', now(), 'x', now())", foreign);
        jdbc.update("INSERT INTO detection_filter_condition (filter_id, field, pattern) VALUES (?, 'dest', 'FOREIGN-*')", foreign);
        assertThat(filtered("FOREIGN-1")).as("not read again yet").isZero();

        assertThat(api.send("POST", "/api/v1/detections/a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af/filters", "application/json",
                "{\"conditions\": {\"dest\": \"LOCAL-*\"}, \"reason\": \"own change\"}").status()).isEqualTo(201);
        assertThat(filtered("LOCAL-1")).as("own change applies at once").isEqualTo(1);
        assertThat(filtered("FOREIGN-2")).as("and the rules were read again with it").isEqualTo(1);
    }
}
