package dev.escu.pssession.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.ServiceTest;
import tools.jackson.databind.json.JsonMapper;

/**
 * The source of an XML event is {@code XmlWinEventLog:<Channel>} whatever the sender said, as Splunk's
 * Windows add-on rewrites it at index time (transform {@code ta-windows-fix-xml-source}); a sender's
 * source still applies to events that carry no Channel. Each intake path, both ways.
 */
class ChannelSourceEndToEndTest extends ServiceTest {

    private static final String OPERATIONAL = "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational";
    private static final String SECURITY = "XmlWinEventLog:Security";

    /** The first sample event (it matches), moved to another channel when asked. */
    private static String event(String channel, String recordId) {
        String first = new String(HttpApi.resource("samples/powershell-4104.xml"), StandardCharsets.UTF_8).lines().findFirst()
                .orElseThrow();
        return first.replace("<Channel>Microsoft-Windows-PowerShell/Operational</Channel>", "<Channel>" + channel + "</Channel>")
                .replace("<EventRecordID>88121</EventRecordID>", "<EventRecordID>" + recordId + "</EventRecordID>");
    }

    private static String query(String source) {
        return "?source=" + java.net.URLEncoder.encode(source, StandardCharsets.UTF_8);
    }

    @Test
    void eventsEndpointIgnoresTheRequestsSourceForAnEventWithAChannel() {
        HttpApi.Response other = api.post("/api/v1/events" + query(OPERATIONAL), "application/xml",
                event("Windows PowerShell", "1"));
        assertThat(other.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(other.json().get("matched").asInt()).isZero();

        HttpApi.Response operational = api.post("/api/v1/events" + query(SECURITY), "application/xml",
                event("Microsoft-Windows-PowerShell/Operational", "2"));
        assertThat(operational.json().get("matched").asInt()).isEqualTo(1);
    }

    @Test
    void hecEventEndpointIgnoresTheEnvelopesSourceForAnXmlEventString() {
        JsonMapper json = JsonMapper.builder().build();
        String otherChannel = json.writeValueAsString(java.util.Map.of("source", OPERATIONAL,
                "event", event("Windows PowerShell", "3")));
        assertThat(matched(api.post("/services/collector/event", "application/json", otherChannel))).isZero();

        String operational = json.writeValueAsString(java.util.Map.of("source", SECURITY,
                "event", event("Microsoft-Windows-PowerShell/Operational", "4")));
        assertThat(matched(api.post("/services/collector/event", "application/json", operational))).isEqualTo(1);
    }

    @Test
    void hecRawEndpointIgnoresTheQuerysSourceForAnEventWithAChannel() {
        assertThat(matched(api.post("/services/collector/raw" + query(OPERATIONAL), "text/plain",
                event("Windows PowerShell", "5")))).isZero();
        assertThat(matched(api.post("/services/collector/raw" + query(SECURITY), "text/plain",
                event("Microsoft-Windows-PowerShell/Operational", "6")))).isEqualTo(1);
    }

    @Test
    void theSendersSourceStillDecidesForEventsWithoutAChannel() {
        String flat = "{\"EventCode\":\"4104\",\"dest\":\"H1\",\"ScriptBlockText\":\"Enter-PSSession -ComputerName x\"}";
        assertThat(api.post("/api/v1/events" + query(SECURITY), "application/json", flat).json().get("matched").asInt())
                .isZero();
        assertThat(api.post("/api/v1/events" + query(OPERATIONAL), "application/json", flat).json().get("matched").asInt())
                .isEqualTo(1);

        String xmlWithoutChannel = event("Microsoft-Windows-PowerShell/Operational", "7")
                .replace("<Channel>Microsoft-Windows-PowerShell/Operational</Channel>", "");
        assertThat(api.post("/api/v1/events", "application/xml", xmlWithoutChannel).json().get("matched").asInt()).isZero();
        assertThat(api.post("/api/v1/events" + query(OPERATIONAL), "application/xml", xmlWithoutChannel).json()
                .get("matched").asInt()).isEqualTo(1);
    }

    private static int matched(HttpApi.Response hec) {
        assertThat(hec.status()).isEqualTo(200);
        String report = hec.headers().firstValue("X-Ingest-Report").orElseThrow();
        Matcher m = Pattern.compile("matched=(\\d+)").matcher(report);
        assertThat(m.find()).as(report).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
