package dev.escu.pssession.e2e;

import static dev.escu.pssession.support.EventLines.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.ServiceTest;
import dev.escu.pssession.support.TestKeys;
import tools.jackson.databind.JsonNode;

/**
 * ESCU.md: every detection file of the content folder is read at start and on an admin's reload
 * request. A file added to the folder while the service runs is run after POST /api/v1/detections/reload
 * (and only then); one that cannot run is listed as skipped with its reason and position; a removed file
 * stops running.
 */
class ContentReloadEndToEndTest extends ServiceTest {

    private static final Path FOLDER = folder();
    private static final Path FILE = FOLDER.resolve("detections/endpoint/clipboard_read_reloaded.yml");
    private static final String ID = "6c0ffee0-1d2e-4f3a-9b8c-7d6e5f4a3b2c";

    private static Path folder() {
        try {
            Path folder = Files.createTempDirectory("escu-content");
            Files.createDirectories(folder.resolve("detections/endpoint"));
            Files.createDirectories(folder.resolve("macros"));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void content(DynamicPropertyRegistry registry) {
        registry.add("pssession.detection.escu-content", FOLDER::toString);
    }

    private static String document(String search) {
        return """
                name: Clipboard Read Reloaded
                id: %s
                version: 1
                date: '2026-12-01'
                author: Test Author
                status: production
                type: Hunting
                description: Clipboard reads.
                data_source:
                - Powershell Script Block Logging 4104
                search: '%s'
                how_to_implement: Script Block Logging.
                known_false_positives: Many.
                references: []
                tags:
                  analytic_story:
                  - Collection Tests
                  asset_type: Endpoint
                  product:
                  - Splunk Enterprise
                  security_domain: endpoint
                """.formatted(ID, search);
    }

    private static void write(String yaml) {
        try {
            Files.writeString(FILE, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void removeTheFile() throws IOException {
        Files.deleteIfExists(FILE);
    }

    @Test
    void aFileAddedToTheFolderRunsAfterAReloadAndStopsWhenRemoved() {
        write(document("`powershell` EventCode=4104 ScriptBlockText=\"*Get-Clipboard*\" | fillnull "
                + "| stats count min(_time) as firstTime max(_time) as lastTime by dest user_id "
                + "| `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` "
                + "| `clipboard_read_reloaded_filter`"));
        assertThat(api.get("/api/v1/detections/" + ID).status()).as("not read before the reload").isEqualTo(404);

        assertThat(api.as("Bearer " + TestKeys.ANALYST).post("/api/v1/detections/reload", null, "").status()).isEqualTo(403);
        HttpApi.Response reload = api.post("/api/v1/detections/reload", null, "");
        assertThat(reload.status()).isEqualTo(200);
        assertThat(reload.json().get("running").asInt()).isEqualTo(2); // the seed and the new file

        JsonNode detection = api.get("/api/v1/detections/" + ID).json();
        assertThat(detection.get("name").asString()).isEqualTo("Clipboard Read Reloaded");
        assertThat(detection.get("searchName").asString()).isEqualTo("ESCU - Clipboard Read Reloaded - Rule");
        JsonNode report = api.post("/api/v1/events", "application/x-ndjson",
                events().add("WS-CLIP", "2026-03-02T08:00:00Z", "Get-Clipboard | Out-File c.txt", "r-clip").ndjson()).json();
        assertThat(report.get("matched").asInt()).isEqualTo(1);
        JsonNode row = api.get("/api/v1/findings?detection=" + ID).json().get("results").get(0);
        assertThat(row.get("dest").asString()).isEqualTo("WS-CLIP");
        assertThat(row.get("user_id").asString()).isEqualTo("S-1-5-21-3623811015-3361044348-30300820-1013");
        assertThat(row.has("ScriptBlockText")).as("its own BY fields only").isFalse();

        removeTheFileQuietly();
        api.post("/api/v1/detections/reload", null, "");
        assertThat(api.get("/api/v1/detections/" + ID).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/findings?detection=" + ID).json().get("results")).hasSize(1); // its findings stay
    }

    @Test
    void aFileThatCannotRunIsListedAsSkippedAfterTheReload() {
        String search = "`powershell` EventCode=4104 ScriptBlockText=\"*Get-Clipboard*\" | head 10 "
                + "| stats count min(_time) as firstTime max(_time) as lastTime by dest";
        write(document(search));
        api.post("/api/v1/detections/reload", null, "");

        assertThat(api.get("/api/v1/detections/" + ID).status()).isEqualTo(404);
        JsonNode skipped = api.get("/api/v1/detections?status=skipped").json().get("results");
        assertThat(skipped).hasSize(1);
        assertThat(skipped.get(0).get("id").asString()).isEqualTo(ID);
        assertThat(skipped.get(0).get("name").asString()).isEqualTo("Clipboard Read Reloaded");
        assertThat(skipped.get(0).get("file").asString()).endsWith("clipboard_read_reloaded.yml");
        assertThat(skipped.get(0).get("reason").asString()).contains("head");
        assertThat(skipped.get(0).get("position").asInt()).isEqualTo(search.indexOf("head"));
    }

    private static void removeTheFileQuietly() {
        try {
            Files.delete(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
