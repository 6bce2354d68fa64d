package dev.escu.pssession.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.Mutator;
import dev.escu.pssession.support.ServiceTest;
import tools.jackson.databind.JsonNode;

/**
 * Mutated bodies of every format over real HTTP: never a 500, and the database holds exactly the
 * new matches that the reports announce, so nothing of a rejected event is ever stored.
 */
class HttpMutationTest extends ServiceTest {

    private static final int CASES_PER_FORMAT = 80;
    private static final Set<Integer> EXPECTED = Set.of(200, 400, 413, 415);

    private static long reportHeader(HttpApi.Response response, String name) {
        String report = response.headers().firstValue("X-Ingest-Report").orElse("");
        for (String part : report.split(";")) {
            String[] pair = part.strip().split("=");
            if (pair.length == 2 && pair[0].equals(name)) {
                return Long.parseLong(pair[1]);
            }
        }
        return 0;
    }

    @Test
    void neverFailsAndStoresOnlyWhatItReports() {
        String[][] formats = {{"application/xml", "samples/powershell-4104.xml"},
                {"application/x-ndjson", "samples/powershell-4104.ndjson"}, {"application/json", "samples/powershell-4104.json"}};
        long announced = 0;
        int accepted = 0;
        for (String[] format : formats) {
            byte[] seed = HttpApi.resource(format[1]);
            for (int i = 0; i < CASES_PER_FORMAT; i++) {
                byte[] body = new Mutator(7919L * i + format[0].hashCode()).mutate(seed);
                boolean gzip = i % 5 == 0;
                HttpApi.Response response = gzip
                        ? api.post("/api/v1/events", format[0], HttpApi.gzip(body), "Content-Encoding", "gzip")
                        : api.post("/api/v1/events", format[0], body);
                assertThat(EXPECTED).as("%s case %d: %s", format[0], i, response.body()).contains(response.status());
                if (response.status() == 200) {
                    accepted++;
                    JsonNode report = response.json();
                    assertThat(report.get("received").asLong()).isGreaterThanOrEqualTo(report.get("accepted").asLong());
                    announced += report.get("matched").asLong() - report.get("duplicates").asLong()
                            - report.get("filtered").asLong();
                } else {
                    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                            type -> assertThat(type).contains("problem+json"));
                }
                assertThat(jdbc.queryForObject("SELECT count(*) FROM matched_event", Long.class))
                        .as("%s case %d", format[0], i).isEqualTo(announced);
            }
        }
        byte[] hecSeed = HttpApi.resource("samples/hec-event.json");
        HttpApi hec = api.as("Splunk " + dev.escu.pssession.support.TestKeys.INGEST);
        for (int i = 0; i < CASES_PER_FORMAT; i++) {
            byte[] body = new Mutator(104729L * i).mutate(hecSeed);
            HttpApi.Response response = hec.post("/services/collector/event", "application/json", body);
            assertThat(Set.of(200, 400, 413)).as("hec case %d: %s", i, response.body()).contains(response.status());
            JsonNode answer = response.json();
            assertThat(answer.has("code")).as("HEC answers with a code: %s", response.body()).isTrue();
            if (response.status() == 200) {
                accepted++;
                announced += reportHeader(response, "matched") - reportHeader(response, "duplicates");
            }
            assertThat(jdbc.queryForObject("SELECT count(*) FROM matched_event", Long.class))
                    .as("hec case %d", i).isEqualTo(announced);
        }
        assertThat(accepted).as("most mutated bodies still carry readable events").isGreaterThan(CASES_PER_FORMAT);
        assertThat(jdbc.queryForObject("SELECT coalesce(sum(count), 0) FROM finding", Long.class)).isEqualTo(announced);
    }
}
