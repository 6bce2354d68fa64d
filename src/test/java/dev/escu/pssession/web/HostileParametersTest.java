package dev.escu.pssession.web;

import static dev.escu.pssession.support.EventLines.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.zaxxer.hikari.HikariDataSource;

import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.RawHttp;
import dev.escu.pssession.support.ServiceTest;
import dev.escu.pssession.support.TestKeys;
import tools.jackson.databind.JsonNode;

/**
 * Every GET operation of the API document, every one of its parameters, with values no client should
 * send (NUL, 100 kB, invalid percent-encoding and UTF-8, numbers out of every range, non-numbers):
 * never a 5xx, every refusal a problem, and the connection pool as healthy afterwards as before.
 */
class HostileParametersTest extends ServiceTest {

    private static final String DETECTION = "a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af";

    private static final List<String> HOSTILE = List.of("%00", "a%00b", "%00%00%00", "x".repeat(100_000),
            "x".repeat(5_000), "-1", "-99999999999999999999", "99999999999999999999", "2147483648", "abc", "1e309", "NaN",
            "%ZZ", "%", "%C3%28", "%FF%FE", "%ED%A0%80", "%F4%90%80%80", "..%2F..%2Fetc", "%27%3B%20DROP%20TABLE%20finding%3B--",
            "", "%20");

    @Autowired
    DataSource dataSource;

    @Test
    void noParameterValueOfAnyGetOperationAnswersAServerError() {
        api.post("/api/v1/events", "application/x-ndjson", events().matching("SRV-01", "2026-03-02T08:00:00Z").ndjson());
        long findingId = jdbc.queryForObject("SELECT id FROM finding LIMIT 1", Long.class);
        HikariDataSource pool = (HikariDataSource) dataSource;
        int connectionsBefore = pool.getHikariPoolMXBean().getTotalConnections();

        JsonNode paths = api.get("/v3/api-docs").json().get("paths");
        List<String> tried = new ArrayList<>();
        paths.properties().forEach(entry -> {
            JsonNode get = entry.getValue().get("get");
            if (get == null || !entry.getKey().startsWith("/api/")) {
                return;
            }
            Map<String, String> valid = validValues(get, findingId);
            for (String name : valid.keySet()) {
                for (String hostile : HOSTILE) {
                    Map<String, String> values = new LinkedHashMap<>(valid);
                    values.put(name, hostile);
                    String url = url(entry.getKey(), get, values);
                    RawHttp.Response response = RawHttp.get(port, url, "Bearer " + TestKeys.ADMIN);
                    tried.add(url);
                    assertThat(response.status()).as("%s", shorten(url)).isLessThan(500);
                    if (response.status() >= 400) {
                        assertThat(response.headers().get("content-type")).as("%s -> %d %s", shorten(url), response.status(), response.body())
                                .startsWith("application/problem+json");
                    }
                }
            }
        });
        assertThat(tried).hasSizeGreaterThan(300);

        // the pool: no connection lost or broken, and the next requests are served
        assertThat(api.get("/api/v1/findings").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/risk/summary?object=SRV-01").status()).isEqualTo(200);
        assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isGreaterThanOrEqualTo(connectionsBefore);
        assertThat(pool.getHikariPoolMXBean().getThreadsAwaitingConnection()).isZero();
    }

    @Test
    void aNulInADestIsRefusedBeforeTheDatabaseAsTheIssueFoundIt() {
        for (String path : List.of("/api/v1/findings?dest=%00", "/api/v1/risk/summary?object=%00",
                "/api/v1/detections/" + DETECTION + "/results?dest=%00", "/api/v1/risk/events?object=%00")) {
            HttpApi.Response response = api.get(path);
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.json().get("type").asString()).as(path).endsWith("/invalid-parameter");
        }
    }

    @Test
    void whatTomcatRefusesItselfIsAProblemToo() {
        RawHttp.Response tooLong = RawHttp.get(port, "/api/v1/findings?dest=" + "x".repeat(20_000), "Bearer " + TestKeys.ADMIN);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.headers().get("content-type")).startsWith("application/problem+json");
        JsonNode problem = tools.jackson.databind.json.JsonMapper.builder().build().readTree(tooLong.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asString()).contains("/api/v1/findings/{id}");
    }

    /** A value each parameter accepts, so that only the one made hostile is wrong. */
    private static Map<String, String> validValues(JsonNode operation, long findingId) {
        Map<String, String> values = new LinkedHashMap<>();
        JsonNode parameters = operation.get("parameters");
        if (parameters == null) {
            return values;
        }
        for (JsonNode parameter : parameters) {
            String name = parameter.get("name").asString();
            values.put(name, switch (name) {
                case "id" -> DETECTION;
                case "findingId" -> String.valueOf(findingId);
                case "filterId" -> "00000000-0000-0000-0000-000000000000";
                case "dest", "object" -> "SRV-01";
                case "page" -> "0";
                case "size", "limit" -> "10";
                case "hours" -> "168";
                case "earliest", "since" -> "1772409600";
                case "latest" -> "1772496000";
                default -> "";
            });
        }
        return values;
    }

    private static String url(String template, JsonNode operation, Map<String, String> values) {
        String path = template;
        StringBuilder query = new StringBuilder();
        for (JsonNode parameter : operation.get("parameters")) {
            String name = parameter.get("name").asString();
            String value = values.get(name);
            if ("path".equals(parameter.get("in").asString())) {
                path = path.replace("{" + name + "}", value.isEmpty() ? "%20" : value);
            } else if (!value.isEmpty() || !parameter.path("required").asBoolean()) {
                query.append(query.isEmpty() ? "?" : "&").append(name).append('=').append(value);
            }
        }
        return path + query;
    }

    private static String shorten(String url) {
        return url.length() > 200 ? url.substring(0, 200) + "..." : url;
    }
}
