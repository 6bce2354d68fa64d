package dev.escu.pssession.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.ServiceInstance;
import dev.escu.pssession.support.TestDatabase;
import dev.escu.pssession.support.WindowsXml;
import tools.jackson.databind.JsonNode;

/**
 * HARDENED.md: the parts of a split script block may arrive at different replicas; they are kept in
 * PostgreSQL, so the block is judged once, reassembled, whichever instance gets its last part.
 */
class SplitBlockTwoInstancesTest {

    private static final String HARDENED = "079dc90d-c7e1-4f5a-8298-2c309483de87";

    private static String part(long recordId, String id, int number, String text) {
        return WindowsXml.events().add(recordId, "BUILD-AGENT-9", "S-1-5-18", "2026-03-02T10:0" + number + ":00.0000000Z",
                text, "", id, number, 2).xml();
    }

    @Test
    void partsPostedToTwoInstancesAreJudgedOnceReassembled() {
        try (ServiceInstance first = ServiceInstance.start("pssession.detection.companion=true");
             ServiceInstance second = ServiceInstance.start("pssession.detection.companion=true")) {
            TestDatabase.emptyTables(); // once Flyway made them
            String id = "9a8b7c6d-0000-4000-8000-00000000beef";
            // the terms of the block land in different parts: no single event holds them
            JsonNode last = second.api().post("/api/v1/events", "application/xml", part(9002, id, 2, "uterName SRV-DB-01")).json();
            assertThat(last.get("findingsUpdated").asInt()).isZero();
            JsonNode firstPart = first.api().post("/api/v1/events", "application/xml", part(9001, id, 1, "Enter-PSSession -Comp")).json();
            assertThat(firstPart.get("findingsUpdated").asInt()).isEqualTo(1);

            for (ServiceInstance instance : new ServiceInstance[] {first, second}) {
                HttpApi api = instance.api();
                JsonNode rows = api.get("/api/v1/findings?detection=" + HARDENED).json().get("results");
                assertThat(rows).hasSize(1);
                assertThat(rows.get(0).get("ScriptBlockText").asString()).isEqualTo("Enter-PSSession -ComputerName SRV-DB-01");
                assertThat(rows.get(0).get("evidence").get("target").asString()).isEqualTo("SRV-DB-01");
                JsonNode block = api.get("/api/v1/script-blocks/" + id).json();
                assertThat(block.get("complete").asBoolean()).isTrue();
                assertThat(block.get("text").asString()).isEqualTo("Enter-PSSession -ComputerName SRV-DB-01");
            }
        }
    }
}
