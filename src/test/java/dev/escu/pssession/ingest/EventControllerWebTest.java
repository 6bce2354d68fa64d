package dev.escu.pssession.ingest;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import dev.escu.pssession.detection.MatchPrefilter;
import dev.escu.pssession.ingest.format.EventFormat;
import dev.escu.pssession.ingest.format.EventSink;
import dev.escu.pssession.ingest.format.RawEvent;
import dev.escu.pssession.support.HttpApi;

/**
 * Status codes, content types and problem details of the ingest endpoint. The intake is a stand-in
 * that runs the real parser over the body and counts its events, so the body limits and parse
 * failures are the real ones. Access control is tested over real HTTP elsewhere.
 */
@WebMvcTest(controllers = EventController.class, properties = {"pssession.ingest.max-body-size=1MB",
        "pssession.ingest.max-compression-ratio=50"})
@AutoConfigureMockMvc(addFilters = false)
@Import({EventFormats.class, EventControllerWebTest.Limits.class})
class EventControllerWebTest {

    @org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
    @org.springframework.boot.context.properties.EnableConfigurationProperties(IngestProperties.class)
    static class Limits {
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    EventIntake intake;

    @BeforeEach
    void parsingIntake() throws Exception {
        when(intake.ingest(any(), any(), any())).thenAnswer(call -> {
            EventFormat format = call.getArgument(0);
            InputStream body = call.getArgument(1);
            long[] counts = new long[2];
            format.parse(body, new EventSink() {
                @Override
                public MatchPrefilter prefilter() {
                    return MatchPrefilter.NONE;
                }

                @Override
                public void accept(int index, RawEvent event) {
                    counts[0]++;
                }

                @Override
                public void reject(int index, String reason) {
                    counts[1]++;
                }

                @Override
                public void skip(int index) {
                    counts[0]++;
                }
            });
            return new IngestReport(counts[0] + counts[1], counts[0], List.of(), 0, 0, 0, 0, 0);
        });
    }

    @Test
    void answersTheReportAsJson() throws Exception {
        mvc.perform(post("/api/v1/events").contentType("application/xml").content(HttpApi.resource("samples/powershell-4104.xml")))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("application/json"))
                .andExpect(jsonPath("$.received").value(4))
                .andExpect(jsonPath("$.accepted").value(4))
                .andExpect(jsonPath("$.rejected").isArray());
    }

    @Test
    void takesTextXmlAsXml() throws Exception {
        mvc.perform(post("/api/v1/events").contentType("text/xml; charset=utf-8")
                        .content(HttpApi.resource("samples/powershell-4104.xml")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.received").value(4))
                .andExpect(jsonPath("$.accepted").value(4)); // the XML reader: 4 events, not lines
    }

    @Test
    void refusesAnUnsupportedContentTypeWith415() throws Exception {
        mvc.perform(post("/api/v1/events").contentType("text/csv").content("a,b"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.type").value("https://pssession-detector.dev/problems/unsupported-media-type"));
        mvc.perform(post("/api/v1/events").content("{}"))
                .andExpect(status().isUnsupportedMediaType());
    }

    /**
     * A 415 says what was wrong with the Content-Type: none at all, or one that cannot be read (here no
     * subtype; an unknown charset over real HTTP: FormatsEndToEndTest); never that the type is 'null'.
     */
    @Test
    void namesAMissingOrUnreadableContentTypeIn415() throws Exception {
        mvc.perform(post("/api/v1/events").content("{}"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("The request has no Content-Type")));
        mvc.perform(post("/api/v1/events").header("Content-Type", "xml").content("<Events/>"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value("https://pssession-detector.dev/problems/unsupported-media-type"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.startsWith("Content-Type 'xml' cannot be read"),
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("null")))));
    }

    @Test
    void refusesAnUnsupportedContentEncodingWith415() throws Exception {
        mvc.perform(post("/api/v1/events").contentType("application/json").header("Content-Encoding", "br").content("{}"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value("https://pssession-detector.dev/problems/unsupported-encoding"));
    }

    @Test
    void refusesABodyOverTheLimitWith413() throws Exception {
        byte[] big = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        mvc.perform(post("/api/v1/events").contentType("application/x-ndjson").content(big))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.type").value("https://pssession-detector.dev/problems/body-too-large"));
    }

    @Test
    void refusesAGzipBombWith413() throws Exception {
        byte[] zeros = new byte[40 * 1024 * 1024];
        mvc.perform(post("/api/v1/events").contentType("application/x-ndjson").header("Content-Encoding", "gzip")
                        .content(HttpApi.gzip(zeros)))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("inflate")));
    }

    @Test
    void refusesBrokenGzipWith400() throws Exception {
        mvc.perform(post("/api/v1/events").contentType("application/json").header("Content-Encoding", "gzip")
                        .content("not gzip at all".getBytes()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://pssession-detector.dev/problems/unreadable-body"));
    }

    @Test
    void refusesADoctypeWith400() throws Exception {
        mvc.perform(post("/api/v1/events").contentType("application/xml")
                        .content("<!DOCTYPE e [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><Event>&x;</Event>"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://pssession-detector.dev/problems/forbidden-xml"));
    }

    @Test
    void refusesABodyThatIsNotJsonWith400() throws Exception {
        mvc.perform(post("/api/v1/events").contentType("application/json").content("hello"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://pssession-detector.dev/problems/unreadable-body"));
        mvc.perform(post("/api/v1/events").contentType("application/json").content(""))
                .andExpect(status().isBadRequest());
    }

    @Test
    void refusesABodyThatBreaksBeforeItsFirstEventWith400() throws Exception {
        // nothing of these can be used: API.md's "400 (unreadable)", not a report of one rejected event
        for (String[] body : new String[][] {{"application/json", "{not json"}, {"application/json", "{\"EventCode\": "},
                {"application/json", "[{\"EventCode\": 4104,"}, {"application/xml", "not xml at all"},
                {"application/xml", "<Event><System><EventID>4104</EventID>"}, {"text/xml", "<Events>hello</Events>"}}) {
            mvc.perform(post("/api/v1/events").contentType(body[0]).content(body[1]))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                    .andExpect(jsonPath("$.type").value("https://pssession-detector.dev/problems/unreadable-body"));
        }
    }

    @Test
    void anEventOverAPerEventLimitIsThatEventsRejectionNotAnUnusableBody() throws Exception {
        // a whole <Event> nested too deep, a JSON event nested too deep: rejected in the report, as NDJSON does
        String deepXml = "<Event>" + "<a>".repeat(40) + "x" + "</a>".repeat(40) + "</Event>";
        mvc.perform(post("/api/v1/events").contentType("application/xml").content(deepXml))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.received").value(1))
                .andExpect(jsonPath("$.accepted").value(0));
        String deepJson = "{\"a\": " + "[".repeat(40) + "]".repeat(40) + "}";
        mvc.perform(post("/api/v1/events").contentType("application/json").content(deepJson))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.received").value(1))
                .andExpect(jsonPath("$.accepted").value(0));
    }

    @Test
    void readsAWrapperWithoutEventsAsNoEventsAsJsonReadsAnEmptyArray() throws Exception {
        for (String[] body : new String[][] {{"application/xml", "<Events></Events>"}, {"application/xml", "<Events/>"},
                {"text/xml", "<!-- nothing yet -->"}, {"application/json", "[]"}}) {
            mvc.perform(post("/api/v1/events").contentType(body[0]).content(body[1]))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.received").value(0));
        }
    }

    @Test
    void reportsABodyThatBreaksAfterAnEventAsARejection() throws Exception {
        mvc.perform(post("/api/v1/events").contentType("application/json").content("[{\"EventCode\": \"4104\"}, {broken"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.received").value(2))
                .andExpect(jsonPath("$.accepted").value(1));
        mvc.perform(post("/api/v1/events").contentType("application/json").content("[{\"foo\": \"bar\"}]"))
                .andExpect(status().isOk()); // well-formed: the event is rejected in the report, not the body
        String event = new String(HttpApi.resource("samples/powershell-4104.xml"), java.nio.charset.StandardCharsets.UTF_8)
                .lines().findFirst().orElseThrow();
        mvc.perform(post("/api/v1/events").contentType("application/xml").content(event + "\ngarbage"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.received").value(2))
                .andExpect(jsonPath("$.accepted").value(1));
    }

    @Test
    void readsUtf16BodiesWithAByteOrderMark() throws Exception {
        byte[] xml = new String(HttpApi.resource("samples/powershell-4104.xml"), java.nio.charset.StandardCharsets.UTF_8)
                .getBytes(java.nio.charset.StandardCharsets.UTF_16);
        mvc.perform(post("/api/v1/events").contentType("application/xml").content(xml))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(4));
    }
}
