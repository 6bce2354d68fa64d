package dev.escu.pssession.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.escu.pssession.support.EventLines;
import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.ServiceTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;

/**
 * Every list downloads as CSV equal to its JSON: read back with a CSV parser, the header is the JSON
 * rows' keys in order and each line the JSON row's values (a multivalue field as lines of one cell,
 * a multi-line ScriptBlockText intact). More than one internal page of rows (1,000) is written, so
 * the stream's paging is what is compared.
 */
class CsvExportEndToEndTest extends ServiceTest {

    private static final String DETECTION = "a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af";
    private static final String BUSY = "BUSY-HOST.contoso.local";
    private static final int BUSY_ROWS = 1_100;
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build();

    @BeforeEach
    void ingest() {
        assertThat(api.post("/api/v1/events", "application/xml", HttpApi.resource("samples/powershell-4104.xml")).status())
                .isEqualTo(200);
        EventLines busy = EventLines.events();
        for (int i = 0; i < BUSY_ROWS; i++) {
            busy.add(BUSY, "2026-03-02T09:%02d:%02dZ".formatted(i / 60 % 60, i % 60),
                    "Enter-PSSession -ComputerName SRV" + i + "\r\n# \"quoted\", with a comma", EventLines.nextRecordId())
                    .with("ScriptBlockId", "00000000-0000-0000-0000-%012d".formatted(i));
        }
        JsonNode report = api.post("/api/v1/events", "application/x-ndjson", busy.ndjson()).json();
        assertThat(report.get("matched").asInt()).isEqualTo(BUSY_ROWS);
    }

    @Test
    void findingsDownloadAsTheirJsonRows() {
        HttpApi.Response csv = api.get("/api/v1/findings", "Accept", "text/csv");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"findings.csv\"");
        List<JsonNode> json = allPages("/api/v1/findings?size=1000", "results");
        assertThat(json).hasSize(BUSY_ROWS + 2);
        assertEqual(csv.body(), json, List.of("drilldowns"));
        List<List<String>> lines = read(csv.body());
        assertThat(lines.get(0)).startsWith("finding_id", "detection_id", "dest", "signature", "signature_id", "user_id",
                "vendor_product", "EventID", "Guid", "Opcode", "Name", "Path", "ProcessID", "ScriptBlockId", "ScriptBlockText",
                "count", "firstTime", "lastTime");
        assertThat(lines).anySatisfy(line -> assertThat(line).anySatisfy(cell -> assertThat(cell).contains("hosts.txt\r\nforeach")));
    }

    @Test
    void outputModeCsvIsTheSameAsAskingForCsv() {
        String accepted = api.get("/api/v1/findings?detection=" + DETECTION, "Accept", "text/csv").body();
        HttpApi.Response byParameter = api.get("/api/v1/findings?detection=" + DETECTION + "&output_mode=csv");

        assertThat(byParameter.status()).isEqualTo(200);
        assertThat(byParameter.body()).isEqualTo(accepted);
        assertThat(api.get("/api/v1/findings").headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(api.get("/api/v1/findings", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8").headers()
                .firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    }

    @Test
    void outputModeJsonIsJsonWhateverTheAcceptHeaderAndOtherModesAreRefused() {
        HttpApi.Response json = api.get("/api/v1/findings?output_mode=json", "Accept", "text/csv");
        HttpApi.Response xml = api.get("/api/v1/risk/events?output_mode=xml");

        assertThat(json.status()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(json.json().get("results").size()).isPositive();
        assertThat(xml.status()).isEqualTo(400);
        assertThat(xml.json().get("errors").get(0).get("name").asString()).isEqualTo("output_mode");
        assertThat(xml.json().get("detail").asString()).contains("csv or json");
    }

    @Test
    void drilldownOneDownloadsAsItsJsonRows() {
        String path = "/api/v1/detections/" + DETECTION + "/results?dest=" + BUSY.toLowerCase();
        HttpApi.Response csv = api.get(path + "&output_mode=csv");

        assertThat(csv.status()).isEqualTo(200);
        List<JsonNode> json = allPages(path + "&size=1000", "results");
        assertThat(json).hasSize(BUSY_ROWS);
        assertEqual(csv.body(), json, List.of());

        long findingId = json.get(0).has("finding_id") ? json.get(0).get("finding_id").asLong()
                : jdbc.queryForObject("SELECT min(id) FROM finding WHERE dest = ?", Long.class, BUSY);
        HttpApi.Response ofFinding = api.get("/api/v1/findings/" + findingId + "/results", "Accept", "text/csv");
        assertThat(ofFinding.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"finding-" + findingId + "-results.csv\"");
        assertEqual(ofFinding.body(), allPages("/api/v1/findings/" + findingId + "/results", "results"), List.of());
    }

    @Test
    void drilldownTwoDownloadsAsItsJsonRows() {
        String path = "/api/v1/risk/summary?hours=87600&object=" + encode(BUSY) + "&object=" + encode("laptop-adm-11.contoso.local");
        HttpApi.Response csv = api.get(path, "Accept", "text/csv");

        assertThat(csv.status()).isEqualTo(200);
        List<JsonNode> json = new ArrayList<>();
        api.get(path).json().get("results").forEach(json::add);
        assertThat(json).hasSize(2);
        assertEqual(csv.body(), json, List.of());
        assertThat(read(csv.body()).get(0)).containsExactly("normalized_risk_object", "count", "firstTime", "lastTime",
                "Search Name", "Risk Message", "Analytic Stories", "Annotations", "ATT&CK Tactics");

        long findingId = jdbc.queryForObject("SELECT min(id) FROM finding WHERE dest = ?", Long.class, BUSY);
        String ofFinding = api.get("/api/v1/findings/" + findingId + "/risk-summary?hours=87600&output_mode=csv").body();
        List<JsonNode> findingJson = new ArrayList<>();
        api.get("/api/v1/findings/" + findingId + "/risk-summary?hours=87600").json().get("results").forEach(findingJson::add);
        assertEqual(ofFinding, findingJson, List.of());
    }

    @Test
    void riskFeedDownloadsAsItsJsonEvents() {
        HttpApi.Response csv = api.get("/api/v1/risk/events?output_mode=csv");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"risk-events.csv\"");
        List<JsonNode> json = allPages("/api/v1/risk/events?limit=1000", "results");
        assertThat(json).hasSize(BUSY_ROWS + 2);
        assertEqual(csv.body(), json, List.of());

        // from a cursor on, as the JSON feed: the header and the last two events
        String after = json.get(BUSY_ROWS - 1).get("cursor").asString();
        List<List<String>> rest = read(api.get("/api/v1/risk/events?output_mode=csv&after=" + encode(after)).body());
        assertThat(rest).hasSize(1 + 2);
        assertThat(rest.get(1).get(0)).isEqualTo(json.get(BUSY_ROWS).get("cursor").asString());
    }

    @Test
    void aBadParameterIsAProblemNotACsv() {
        HttpApi.Response badTime = api.get("/api/v1/findings?earliest=yesterday", "Accept", "text/csv");
        HttpApi.Response paged = api.get("/api/v1/findings?output_mode=csv&page=2");

        assertThat(badTime.status()).isEqualTo(400);
        assertThat(badTime.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(badTime.json().get("errors").get(0).get("name").asString()).isEqualTo("earliest");
        assertThat(paged.status()).isEqualTo(400);
        assertThat(paged.json().get("detail").asString()).contains("page", "output_mode");
    }

    @Test
    void hecPathsTakeNoOutputModeAndIgnoreItAsSplunkDoes() {
        HttpApi.Response hec = api.post("/services/collector/event?output_mode=csv", "application/json",
                "{\"event\": {\"EventCode\": \"4104\", \"ScriptBlockText\": \"Get-Date\"}}");

        assertThat(hec.status()).isEqualTo(200);
        assertThat(hec.json().get("code").asInt()).isZero();
    }

    /** Every row of a JSON list, following `next` until the last page. */
    private List<JsonNode> allPages(String path, String field) {
        List<JsonNode> rows = new ArrayList<>();
        String next = null;
        do {
            String separator = path.contains("?") ? "&" : "?";
            JsonNode page = api.get(next == null ? path : path + separator + "after=" + encode(next)).json();
            page.get(field).forEach(rows::add);
            next = page.get(field).isEmpty() || page.get("next").isNull() ? null : page.get("next").asString();
        } while (next != null);
        return rows;
    }

    /** The CSV's header is the JSON rows' keys (but {@code skipped}), and each line the row's values as cells. */
    private static void assertEqual(String csv, List<JsonNode> json, List<String> skipped) {
        List<List<String>> lines = read(csv);
        List<String> header = lines.get(0);
        assertThat(lines).hasSize(json.size() + 1);
        for (int i = 0; i < json.size(); i++) {
            JsonNode row = json.get(i);
            List<String> expected = new ArrayList<>();
            for (String column : header) {
                expected.add(cell(row.get(column)));
            }
            for (Map.Entry<String, JsonNode> field : row.properties()) {
                if (!skipped.contains(field.getKey())) {
                    assertThat(header).as("column of %s", field.getKey()).contains(field.getKey());
                }
            }
            assertThat(lines.get(i + 1)).as("row %d", i).containsExactlyElementsOf(expected);
        }
    }

    private static String cell(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isArray()) {
            List<String> values = new ArrayList<>();
            value.forEach(v -> values.add(v.asString()));
            return String.join("\n", values);
        }
        return value.isObject() ? value.toString() : value.asString();
    }

    private static List<List<String>> read(String csv) {
        List<List<String>> lines = new ArrayList<>();
        try (MappingIterator<List<String>> it = CSV.readerForListOf(String.class).readValues(csv)) {
            Iterator<List<String>> rows = it;
            rows.forEachRemaining(lines::add);
        }
        return lines;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
