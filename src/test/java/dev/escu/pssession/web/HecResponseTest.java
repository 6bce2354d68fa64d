package dev.escu.pssession.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/** Splunk's table "Possible error codes" (Troubleshoot HTTP Event Collector): status, code, text. */
class HecResponseTest {

    @Test
    void eachCodeAnswersWithSplunksStatusCodeAndText() {
        assertAnswer(HecCode.SUCCESS.response(), 200, "{\"text\":\"Success\",\"code\":0}");
        assertAnswer(HecCode.TOKEN_REQUIRED.response(), 401, "{\"text\":\"Token is required\",\"code\":2}");
        assertAnswer(HecCode.INVALID_AUTHORIZATION.response(), 401, "{\"text\":\"Invalid authorization\",\"code\":3}");
        assertAnswer(HecCode.INVALID_TOKEN.response(), 403, "{\"text\":\"Invalid token\",\"code\":4}");
        assertAnswer(HecCode.NO_DATA.response(), 400, "{\"text\":\"No data\",\"code\":5}");
        assertAnswer(HecCode.INVALID_DATA_FORMAT.response(), 400, "{\"text\":\"Invalid data format\",\"code\":6}");
        assertAnswer(HecCode.INVALID_DATA_FORMAT.response(3), 400,
                "{\"text\":\"Invalid data format\",\"code\":6,\"invalid-event-number\":3}");
        assertAnswer(HecCode.INTERNAL_ERROR.response(), 500, "{\"text\":\"Internal server error\",\"code\":8}");
        assertAnswer(HecCode.SERVER_BUSY.response(), 503, "{\"text\":\"Server is busy\",\"code\":9}");
        assertAnswer(HecCode.EVENT_FIELD_REQUIRED.response(0), 400,
                "{\"text\":\"Event field is required\",\"code\":12,\"invalid-event-number\":0}");
        assertAnswer(HecCode.EVENT_FIELD_BLANK.response(7), 400,
                "{\"text\":\"Event field cannot be blank\",\"code\":13,\"invalid-event-number\":7}");
        assertAnswer(HecCode.INDEXED_FIELDS_ERROR.response(1), 400,
                "{\"text\":\"Error in handling indexed fields\",\"code\":15,\"invalid-event-number\":1}");
        assertAnswer(HecCode.QUERY_STRING_AUTHORIZATION_DISABLED.response(), 400,
                "{\"text\":\"Query string authorization is not enabled\",\"code\":16}");
        assertAnswer(HecCode.HEALTHY.response(), 200, "{\"text\":\"HEC is healthy\",\"code\":17}");
        assertAnswer(HecCode.UNHEALTHY.response(), 503, "{\"text\":\"HEC is unhealthy, queues are full\",\"code\":18}");
    }

    @Test
    void writesItselfOutsideSpringMvcForASecurityLayer() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        HecCode.TOKEN_REQUIRED.response().writeTo(response);

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentType()).startsWith("application/json");
        assertThat(response.getContentAsString()).isEqualTo("{\"text\":\"Token is required\",\"code\":2}");
    }

    @Test
    void escapesQuotesInText() {
        assertThat(new HecResponse(400, "a \"b\" \\", 6, null).json()).isEqualTo("{\"text\":\"a \\\"b\\\" \\\\\",\"code\":6}");
    }

    private static void assertAnswer(HecResponse answer, int status, String json) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.json()).isEqualTo(json);
        assertThat(answer.toResponseEntity().getStatusCode().value()).isEqualTo(status);
        assertThat(answer.toResponseEntity().getBody()).isEqualTo(json);
    }
}
