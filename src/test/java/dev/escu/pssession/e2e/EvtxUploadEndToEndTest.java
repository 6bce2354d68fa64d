package dev.escu.pssession.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.escu.pssession.ingest.format.evtx.EvtxFiles;
import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.ServiceTest;
import tools.jackson.databind.JsonNode;

/**
 * .evtx files over real HTTP into a real PostgreSQL: as application/x-evtx, as a sniffed
 * application/octet-stream, gzipped, and as multipart uploads; the same findings as the same events
 * posted as XML, and re-posting changes no count.
 */
class EvtxUploadEndToEndTest extends ServiceTest {

    private static final Path SAMPLES = Path.of("..", "shared", "samples", "evtx");
    private static final byte[] MATCHING = EvtxFiles.scripts(500, "Enter-PSSession -ComputerName SQL02",
            "Get-ChildItem C:\\", "$s = 'x'\r\nEnter-PSSession -ComputerName $s -Credential $c", "etsn -Cn SQL03");

    @BeforeEach
    void fixedArrivalTime() {
        clock.set(Instant.parse("2026-03-02T08:00:00Z")); // the built records carry no TimeCreated
    }

    private static byte[] sample(String name) {
        try {
            return Files.readAllBytes(SAMPLES.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aRealFileCountsEveryRecordWhateverItsChannel() {
        JsonNode report = api.post("/api/v1/events", "application/x-evtx",
                sample("md-lsass-dump-with-lsassy-powershell.evtx")).json();
        assertThat(report.get("received").asInt()).isEqualTo(56);
        assertThat(report.get("accepted").asInt()).isEqualTo(56);
        assertThat(report.get("rejected")).isEmpty();
    }

    @Test
    void givesTheFindingsTheSameEventsGiveAsXml() {
        JsonNode asXml = api.post("/api/v1/events", "application/xml", EvtxFiles.asXml(MATCHING)).json();
        assertThat(asXml.get("matched").asInt()).isEqualTo(2);
        String xmlFindings = api.get("/api/v1/findings").json().get("results").toString();

        jdbc.execute("TRUNCATE risk_event, matched_event, finding RESTART IDENTITY CASCADE");
        JsonNode asEvtx = api.post("/api/v1/events", "application/x-evtx", MATCHING).json();
        assertThat(asEvtx.get("received").asInt()).isEqualTo(4);
        assertThat(asEvtx.get("matched").asInt()).isEqualTo(2);
        assertThat(api.get("/api/v1/findings").json().get("results").toString()).isEqualTo(xmlFindings);
        assertThat(xmlFindings).contains("HOST01.contoso.local").contains("\\r\\nEnter-PSSession");
    }

    @Test
    void theSameFileAgainAsOctetStreamGzippedOrUploadedChangesNoCount() {
        JsonNode first = api.post("/api/v1/events", "application/x-evtx", MATCHING).json();
        assertThat(first.get("findingsUpdated").asInt()).isEqualTo(2);
        String findings = api.get("/api/v1/findings").json().get("results").toString();

        JsonNode octets = api.post("/api/v1/events", "application/octet-stream", MATCHING).json();
        JsonNode gzipped = api.post("/api/v1/events", "application/x-evtx", HttpApi.gzip(MATCHING),
                "Content-Encoding", "gzip").json();
        JsonNode uploaded = upload(new Part("host.evtx", "application/octet-stream", MATCHING),
                new Part("host.evtx.gz", "application/gzip", HttpApi.gzip(MATCHING))).json();

        for (JsonNode report : new JsonNode[] {octets, gzipped, uploaded.get("files").get(0).get("report"),
                uploaded.get("files").get(1).get("report")}) {
            assertThat(report.get("received").asInt()).isEqualTo(4);
            assertThat(report.get("matched").asInt()).isEqualTo(2);
            assertThat(report.get("duplicates").asInt()).isEqualTo(2);
            assertThat(report.get("findingsUpdated").asInt()).isZero();
        }
        assertThat(api.get("/api/v1/findings").json().get("results").toString()).isEqualTo(findings);
    }

    @Test
    void anUploadGivesOneReportPerFileAndAProblemForAFileItCannotRead() {
        JsonNode answer = upload(new Part("lsass.evtx", "application/octet-stream", sample("md-lsass-dump-with-lsassy-powershell.evtx")),
                new Part("service.evtx", null, sample("md-service-creation-powershell.evtx")),
                new Part("notes.txt", "text/plain", "hello".getBytes(StandardCharsets.UTF_8)),
                new Part("events.xml", "application/xml", EvtxFiles.asXml(MATCHING).getBytes(StandardCharsets.UTF_8))).json();
        JsonNode files = answer.get("files");
        assertThat(files).hasSize(4);
        assertThat(files.get(0).get("file").asString()).isEqualTo("lsass.evtx");
        assertThat(files.get(0).get("format").asString()).isEqualTo("evtx");
        assertThat(files.get(0).get("report").get("received").asInt()).isEqualTo(56);
        assertThat(files.get(1).get("report").get("received").asInt()).isEqualTo(8);
        assertThat(files.get(2).get("problem").get("status").asInt()).isEqualTo(415);
        assertThat(files.get(2).get("report").isNull()).isTrue();
        assertThat(files.get(3).get("format").asString()).isEqualTo("xml");
        assertThat(files.get(3).get("report").get("matched").asInt()).isEqualTo(2);
    }

    @Test
    void badFilesGetAClearAnswerAndStoreNothing() {
        HttpApi.Response notEvtx = api.post("/api/v1/events", "application/x-evtx", "not an evtx file".getBytes(StandardCharsets.UTF_8));
        assertThat(notEvtx.status()).isEqualTo(400);
        assertThat(notEvtx.json().get("type").asString()).endsWith("/unreadable-body");

        HttpApi.Response octets = api.post("/api/v1/events", "application/octet-stream", "PK\u0003\u0004zip".getBytes(StandardCharsets.UTF_8));
        assertThat(octets.status()).isEqualTo(415);

        // cut inside the chunk: the file header is whole, the chunk is not
        byte[] cut = Arrays.copyOf(MATCHING, 4096 + 600);
        JsonNode truncated = api.post("/api/v1/events", "application/x-evtx", cut).json();
        assertThat(truncated.get("accepted").asInt()).isZero();
        assertThat(truncated.get("rejected").get(0).get("reason").asString()).contains("4096");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM matched_event", Long.class)).isZero();
    }

    @Test
    void filesAreReadWhateverTheFormFieldTheyComeIn() {
        // API.md names no form field: a client's own choice ("file", one field per file) is an upload too
        JsonNode answer = upload(new String[] {"file", "evtx", "file"},
                new Part("service.evtx", null, sample("md-service-creation-powershell.evtx")),
                new Part("events.xml", "application/xml", EvtxFiles.asXml(MATCHING).getBytes(StandardCharsets.UTF_8)),
                new Part("again.xml", "application/xml", EvtxFiles.asXml(MATCHING).getBytes(StandardCharsets.UTF_8))).json();
        JsonNode files = answer.get("files");
        assertThat(files).hasSize(3);
        assertThat(files.get(0).get("file").asString()).isEqualTo("service.evtx");
        assertThat(files.get(0).get("report").get("received").asInt()).isEqualTo(8);
        assertThat(files.get(1).get("file").asString()).isEqualTo("events.xml");
        assertThat(files.get(1).get("report").get("matched").asInt()).isEqualTo(2);
        assertThat(files.get(2).get("report").get("duplicates").asInt()).isEqualTo(2);

        String boundary = "----pssession-nofile";
        HttpApi.Response noFile = api.post("/api/v1/events", "multipart/form-data; boundary=" + boundary,
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--" + boundary + "--\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(noFile.status()).isEqualTo(400);
        assertThat(noFile.json().get("type").asString()).endsWith("/empty-body");
    }

    @Test
    void aFileWithAnUnreadableContentTypeIsReadByItsNameAndTheOthersStillGetTheirReports() {
        JsonNode files = upload(new Part("events.xml", "not a type", EvtxFiles.asXml(MATCHING).getBytes(StandardCharsets.UTF_8)),
                new Part("service.evtx", null, sample("md-service-creation-powershell.evtx"))).json().get("files");
        assertThat(files).hasSize(2);
        assertThat(files.get(0).get("format").asString()).isEqualTo("xml"); // by its name, as without a type
        assertThat(files.get(0).get("report").get("matched").asInt()).isEqualTo(2);
        assertThat(files.get(1).get("report").get("received").asInt()).isEqualTo(8);
    }

    private record Part(String name, String type, byte[] bytes) {
    }

    private HttpApi.Response upload(Part... parts) {
        String[] fields = new String[parts.length];
        Arrays.fill(fields, "files");
        return upload(fields, parts);
    }

    private HttpApi.Response upload(String[] fields, Part... parts) {
        String boundary = "----pssession" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < parts.length; i++) {
            Part part = parts[i];
            StringBuilder head = new StringBuilder("--" + boundary + "\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(fields[i]).append("\"; filename=\"")
                    .append(part.name()).append("\"\r\n");
            if (part.type() != null) {
                head.append("Content-Type: ").append(part.type()).append("\r\n");
            }
            body.writeBytes(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            body.writeBytes(part.bytes());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return api.post("/api/v1/events", "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }
}
