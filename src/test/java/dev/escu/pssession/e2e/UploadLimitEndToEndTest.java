package dev.escu.pssession.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.ServiceTest;

/** An upload over the body limit gets the answer every body over the limit gets, over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "pssession.ingest.max-body-size=64KB")
class UploadLimitEndToEndTest extends ServiceTest {

    @Test
    void anUploadOverTheLimitIsBodyTooLargeAsAnyOtherBody() {
        String boundary = "----pssession-limit";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.ndjson\"\r\n"
                + "Content-Type: application/x-ndjson\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes("{\"EventCode\": \"4104\"}\n".repeat(5000).getBytes(StandardCharsets.UTF_8)); // about 110 KB
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));

        HttpApi.Response upload = api.post("/api/v1/events", "multipart/form-data; boundary=" + boundary, body.toByteArray());
        HttpApi.Response plain = api.post("/api/v1/events", "application/x-ndjson",
                "{\"EventCode\": \"4104\"}\n".repeat(5000).getBytes(StandardCharsets.UTF_8));

        assertThat(upload.status()).isEqualTo(413);
        assertThat(plain.status()).isEqualTo(413);
        assertThat(upload.json().get("type").asString()).isEqualTo(plain.json().get("type").asString())
                .endsWith("/body-too-large");
    }
}
