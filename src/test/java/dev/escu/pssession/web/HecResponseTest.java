package dev.escu.pssession.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/** Splunk's table "Possible error codes" (Troubleshoot HTTP Event Collector): status, code, text. */
class HecResponseTest {

    @Test
    void eachAnswerHasSplunksStatusCodeAndText() {
        assertAnswer(HecResponse.success(), 200, "{\"text\":\"Success\",\"code\":0}");
        assertAnswer(HecResponse.tokenRequired(), 401, "{\"text\":\"Token is required\",\"code\":2}");
        assertAnswer(HecResponse.invalidAuthorization(), 401, "{\"text\":\"Invalid authorization\",\"code\":3}");
        assertAnswer(HecResponse.invalidToken(), 403, "{\"text\":\"Invalid token\",\"code\":4}");
        assertAnswer(HecResponse.noData(), 400, "{\"text\":\"No data\",\"code\":5}");
        assertAnswer(HecResponse.invalidDataFormat(), 400, "{\"text\":\"Invalid data format\",\"code\":6}");
        assertAnswer(HecResponse.invalidDataFormat(3), 400,
                "{\"text\":\"Invalid data format\",\"code\":6,\"invalid-event-number\":3}");
        assertAnswer(HecResponse.internalError(), 500, "{\"text\":\"Internal server error\",\"code\":8}");
        assertAnswer(HecResponse.serverBusy(), 503, "{\"text\":\"Server is busy\",\"code\":9}");
        assertAnswer(HecResponse.eventFieldRequired(0), 400,
                "{\"text\":\"Event field is required\",\"code\":12,\"invalid-event-number\":0}");
        assertAnswer(HecResponse.eventFieldBlank(7), 400,
                "{\"text\":\"Event field cannot be blank\",\"code\":13,\"invalid-event-number\":7}");
        assertAnswer(HecResponse.indexedFieldsError(1), 400,
                "{\"text\":\"Error in handling indexed fields\",\"code\":15,\"invalid-event-number\":1}");
        assertAnswer(HecResponse.queryStringAuthorizationDisabled(), 400,
                "{\"text\":\"Query string authorization is not enabled\",\"code\":16}");
        assertAnswer(HecResponse.healthy(), 200, "{\"text\":\"HEC is healthy\",\"code\":17}");
        assertAnswer(HecResponse.unhealthy(), 503, "{\"text\":\"HEC is unhealthy, queues are full\",\"code\":18}");
    }

    @Test
    void writesItselfOutsideSpringMvcForASecurityLayer() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        HecResponse.tokenRequired().writeTo(response);

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
