package dev.escu.pssession.ingest;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.CannotCreateTransactionException;

import dev.escu.pssession.detection.MatchPrefilter;
import dev.escu.pssession.ingest.format.EventFormat;
import dev.escu.pssession.ingest.format.EventSink;
import dev.escu.pssession.ingest.format.RawEvent;
import dev.escu.pssession.support.HttpApi;

/**
 * HEC's statuses and bodies for each answer, with the real parsers and a stand-in intake: the
 * answers are HEC's JSON, never problem details, whatever goes wrong.
 */
@WebMvcTest(controllers = HecController.class, properties = "pssession.ingest.max-body-size=64KB")
@AutoConfigureMockMvc(addFilters = false) // access control is tested over real HTTP (AccessControlTest)
@Import({HecControllerTest.Properties.class, EventFormats.class})
class HecControllerTest {

    /** The slice binds no configuration properties of its own. */
    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(IngestProperties.class)
    static class Properties {
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    EventIntake intake;

    @MockitoBean
    IngestTurns turns; // never full here: IngestTurnsTest covers HEC health with a full queue

    @MockitoBean
    DataSource dataSource;

    @BeforeEach
    void intakeParsesTheBody() throws Exception {
        // the real format reads the body; what it hands on is counted as the pipeline would
        when(intake.ingest(any(), any(), any())).thenAnswer(call -> {
            EventFormat format = call.getArgument(0);
            Counting sink = new Counting();
            format.parse(call.<InputStream>getArgument(1), sink);
            return new IngestReport(sink.received, sink.accepted, sink.rejections, 0, 0, 0, 0, 0);
        });
    }

    private static MockHttpServletRequestBuilder event(String body) {
        return post("/services/collector/event").contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private static String sample() {
        return new String(HttpApi.resource("samples/hec-event.json"), StandardCharsets.UTF_8);
    }

    @Test
    void answersSuccessOnceForSeveralEnvelopes() throws Exception {
        mvc.perform(event(sample()))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(content().string("{\"text\":\"Success\",\"code\":0}"))
                .andExpect(header().string(HecController.REPORT_HEADER,
                        "received=2; accepted=2; rejected=0; matched=0; duplicates=0"));
    }

    @Test
    void servesTheSameOnEveryEventPath() throws Exception {
        for (String path : List.of("/services/collector", "/services/collector/event/1.0")) {
            mvc.perform(post(path).content(sample()))
                    .andExpect(status().isOk())
                    .andExpect(content().string("{\"text\":\"Success\",\"code\":0}"));
        }
    }

    @Test
    void eventsThatAreNotWindowsEventsStillGetSuccess() throws Exception {
        mvc.perform(event("{\"event\":\"hello\"}{\"event\":{\"EventCode\":\"4104\"}}"))
                .andExpect(status().isOk())
                .andExpect(content().string("{\"text\":\"Success\",\"code\":0}"))
                .andExpect(header().string(HecController.REPORT_HEADER,
                        "received=2; accepted=1; rejected=1; matched=0; duplicates=0"));
    }

    @Test
    void readsGzipBodies() throws Exception {
        mvc.perform(post("/services/collector/event").header("Content-Encoding", "gzip")
                        .content(HttpApi.gzip(sample().getBytes(StandardCharsets.UTF_8))))
                .andExpect(status().isOk())
                .andExpect(content().string("{\"text\":\"Success\",\"code\":0}"));
    }

    @Test
    void noDataIsCode5() throws Exception {
        mvc.perform(event(""))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(content().string("{\"text\":\"No data\",\"code\":5}"));
        mvc.perform(post("/services/collector/raw").content(" \n"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string("{\"text\":\"No data\",\"code\":5}"));
    }

    @Test
    void malformedJsonIsCode6WithTheEventNumber() throws Exception {
        mvc.perform(event("{\"event\":\"a\"}{\"event\":\"b\"}{\"event\":"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(content().string("{\"text\":\"Invalid data format\",\"code\":6,\"invalid-event-number\":2}"));
    }

    @Test
    void aMissingEventIsCode12WithTheEventNumber() throws Exception {
        mvc.perform(event("{\"event\":\"a\"}{\"host\":\"h\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string("{\"text\":\"Event field is required\",\"code\":12,\"invalid-event-number\":1}"));
    }

    @Test
    void aBlankEventIsCode13WithTheEventNumber() throws Exception {
        mvc.perform(event("{\"event\":\"\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string("{\"text\":\"Event field cannot be blank\",\"code\":13,\"invalid-event-number\":0}"));
    }

    @Test
    void nestedIndexedFieldsAreCode15() throws Exception {
        mvc.perform(event("{\"event\":\"a\",\"fields\":{\"x\":{\"y\":1}}}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string("{\"text\":\"Error in handling indexed fields\",\"code\":15,\"invalid-event-number\":0}"));
    }

    @Test
    void anUnreadableBodyIsCode6WithoutANumber() throws Exception {
        mvc.perform(event(sample()).header("Content-Encoding", "gzip"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string("{\"text\":\"Invalid data format\",\"code\":6}"));
        mvc.perform(event(sample()).header("Content-Encoding", "br"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string("{\"text\":\"Invalid data format\",\"code\":6}"));
        mvc.perform(post("/services/collector/raw").content("<!DOCTYPE x [<!ENTITY e 'x'>]><Event/>"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string("{\"text\":\"Invalid data format\",\"code\":6}"));
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        byte[] big = ("{\"event\":\"" + "x".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        mvc.perform(post("/services/collector/event").content(big))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(content().string("{\"text\":\"Request entity too large\",\"code\":6}"));
    }

    @Test
    void aDatabaseThatIsAwayIsServerBusy503() throws Exception {
        doThrow(new CannotCreateTransactionException("connection refused")).when(intake).ingest(any(), any(), any());

        mvc.perform(event(sample()))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(content().string("{\"text\":\"Server is busy\",\"code\":9}"))
                .andExpect(header().exists("Retry-After"));
    }

    @Test
    void anUnexpectedFailureIsCode8NotAProblem() throws Exception {
        doThrow(new IllegalStateException("boom")).when(intake).ingest(any(), any(), any());

        mvc.perform(event(sample()))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(content().string("{\"text\":\"Internal server error\",\"code\":8}"));
    }

    @Test
    void rawTakesItsMetadataFromTheQuery() throws Exception {
        List<IngestDefaults> seen = new ArrayList<>();
        doAnswer(call -> {
            seen.add(call.getArgument(2));
            return new IngestReport(1, 1, List.of(), 0, 0, 0, 0, 0);
        }).when(intake).ingest(any(), any(), any());

        mvc.perform(post("/services/collector/raw?host=H&source=S&sourcetype=ST&channel=c&index=i").content("<Event/>"))
                .andExpect(status().isOk())
                .andExpect(content().string("{\"text\":\"Success\",\"code\":0}"));
        org.assertj.core.api.Assertions.assertThat(seen).containsExactly(new IngestDefaults("H", "S", "ST"));
    }

    @Test
    void rawTakesAnyTextAsSplunkDoes() throws Exception {
        // unlike POST /api/v1/events, whose body without any <Event> element is a 400
        mvc.perform(post("/services/collector/raw").content("just a line of text\n"))
                .andExpect(status().isOk())
                .andExpect(content().string("{\"text\":\"Success\",\"code\":0}"));
    }

    @Test
    void ackAnswersCode14AsSplunkDoesWithAcknowledgementOff() throws Exception {
        mvc.perform(post("/services/collector/ack").content("{\"acks\":[0,1]}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string("{\"text\":\"ACK is disabled\",\"code\":14}"));
        mvc.perform(post("/services/collector/ack/1.0").content("{\"acks\":[0]}"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void healthIsCode17WhileTheDatabaseAnswers() throws Exception {
        Connection connection = org.mockito.Mockito.mock(Connection.class);
        when(connection.isValid(2)).thenReturn(true);
        when(dataSource.getConnection()).thenReturn(connection);

        mvc.perform(get("/services/collector/health"))
                .andExpect(status().isOk())
                .andExpect(content().string("{\"text\":\"HEC is healthy\",\"code\":17}"));
        mvc.perform(get("/services/collector/health/1.0"))
                .andExpect(status().isOk());
    }

    @Test
    void healthIs503Code18WhenTheDatabaseIsAway() throws Exception {
        when(dataSource.getConnection()).thenThrow(new SQLException("Connection refused"));

        mvc.perform(get("/services/collector/health"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().string("{\"text\":\"HEC is unhealthy, queues are full\",\"code\":18}"));
    }

    /** Counts as IngestBatch counts: every accepted or rejected event is received. */
    private static final class Counting implements EventSink {
        @Override
        public MatchPrefilter prefilter() {
            return MatchPrefilter.NONE;
        }

        long received;
        long accepted;
        final List<IngestReport.Rejection> rejections = new ArrayList<>();

        @Override
        public void accept(int index, RawEvent event) {
            received++;
            accepted++;
        }

        @Override
        public void reject(int index, String reason) {
            received++;
            rejections.add(new IngestReport.Rejection(index, reason));
        }

        @Override
        public void skip(int index) {
            received++;
            accepted++;
        }
    }
}
