package dev.escu.pssession.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.escu.pssession.ingest.format.HecEnvelopeException.Problem;

class HecEventFormatTest {

    private final HecEventFormat format = new HecEventFormat(ParseLimits.DEFAULT);

    private CollectingSink parse(String body) throws IOException {
        CollectingSink sink = new CollectingSink();
        format.parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), sink);
        return sink;
    }

    private static InputStream resource(String name) {
        return HecEventFormatTest.class.getClassLoader().getResourceAsStream(name);
    }

    @Test
    void readsEnvelopesOneAfterTheOtherWithOrWithoutWhiteSpace() throws IOException {
        CollectingSink sink = parse("{\"event\":{\"EventCode\":\"4104\"}}{\"event\":{\"EventCode\":\"4105\"}}\n\n"
                + "  {\"event\":{\"EventCode\":\"4106\"}}\r\n");

        assertThat(sink.rejected).isEmpty();
        assertThat(sink.accepted).extracting(CollectingSink.Accepted::index).containsExactly(0, 1, 2);
        assertThat(sink.accepted).extracting(a -> a.event().fields().get("EventCode"))
                .containsExactly("4104", "4105", "4106");
    }

    @Test
    void readsTheSharedSampleOfTwoConcatenatedEnvelopes() throws IOException {
        CollectingSink sink = new CollectingSink();
        format.parse(resource("samples/hec-event.json"), sink);

        assertThat(sink.rejected).isEmpty();
        assertThat(sink.accepted).hasSize(2);
        RawEvent second = sink.event(1);
        assertThat(second.meta()).containsEntry("time", "1772444413.95")
                .containsEntry("host", "BUILD-AGENT-4")
                .containsEntry("source", "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational")
                .containsEntry("sourcetype", "XmlWinEventLog");
        assertThat(second.fields()).containsEntry("Computer", "BUILD-AGENT-4")
                .containsEntry("Path", "D:\\agent\\scripts\\connect-all.ps1")
                .containsEntry("ScriptBlockText", "$servers = Get-Content .\\hosts.txt\r\nforeach ($s in $servers) {\r\n"
                        + "  Enter-PSSession -ComputerName $s -Credential $cred\r\n}");
    }

    @Test
    void anXmlEventStringGivesTheFieldsTheXmlFormatGives() throws IOException {
        CollectingSink fromXml = new CollectingSink();
        new XmlEventFormat(ParseLimits.DEFAULT).parse(resource("samples/powershell-4104.xml"), fromXml);
        CollectingSink fromHec = new CollectingSink();
        format.parse(resource("samples/hec-event.json"), fromHec);

        // the sample's HEC envelopes carry the first and the third XML event
        assertThat(fromHec.event(0).fields()).isEqualTo(fromXml.event(0).fields());
        assertThat(fromHec.event(1).fields()).isEqualTo(fromXml.event(2).fields());
        assertThat(fromHec.event(1).derived()).isEqualTo(fromXml.event(2).derived());
    }

    @Test
    void takesTimeAsANumberOrAString() throws IOException {
        CollectingSink sink = parse("{\"time\":1772439295.417,\"event\":{\"a\":\"1\"}}"
                + "{\"time\":\"1772439295.417\",\"event\":{\"a\":\"1\"}}{\"time\":1772439295,\"event\":{\"a\":\"1\"}}"
                + "{\"time\":1.772439295417E9,\"event\":{\"a\":\"1\"}}");

        assertThat(sink.accepted).extracting(a -> a.event().meta().get("time"))
                .containsExactly("1772439295.417", "1772439295.417", "1772439295", "1.772439295417E9");
    }

    @Test
    void aTimeThatIsNotEpochSecondsIsInvalidDataFormatForItsEnvelope() {
        assertThatThrownBy(() -> parse("{\"event\":{\"a\":\"1\"}}{\"time\":\"2026-03-02T08:14:55Z\",\"event\":{\"a\":\"1\"}}"))
                .isInstanceOfSatisfying(HecEnvelopeException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.INVALID_DATA_FORMAT);
                    assertThat(e.eventNumber()).isEqualTo(1);
                });
        assertThatThrownBy(() -> parse("{\"event\":{\"a\":\"1\"}}{\"time\":-1772439295,\"event\":{\"a\":\"1\"}}"))
                .isInstanceOfSatisfying(HecEnvelopeException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.INVALID_DATA_FORMAT));
    }

    @Test
    void keepsHostSourceAndSourcetypeAsMetadataAndIgnoresIndex() throws IOException {
        CollectingSink sink = parse("{\"host\":\"WS-7\",\"source\":\"s\",\"sourcetype\":\"st\",\"index\":\"main\","
                + "\"event\":{\"EventCode\":\"4104\"}}");

        assertThat(sink.event(0).meta()).containsOnlyKeys("host", "source", "sourcetype")
                .containsEntry("host", "WS-7");
    }

    @Test
    void indexedFieldsFillInBelowTheEnvelopesOwnMetadata() throws IOException {
        CollectingSink sink = parse("{\"host\":\"WS-7\",\"fields\":{\"host\":\"other\",\"dest\":\"D\",\"Path\":\"P\","
                + "\"tags\":[\"t1\",\"t2\"],\"n\":5,\"none\":null},\"event\":{\"EventCode\":\"4104\"}}");

        RawEvent event = sink.event(0);
        assertThat(event.meta()).containsEntry("host", "WS-7").containsEntry("dest", "D").containsEntry("Path", "P")
                .containsEntry("tags", "t1").containsEntry("n", "5").doesNotContainKey("none");
        assertThat(event.fields()).containsOnlyKeys("EventCode");
    }

    @Test
    void nestedIndexedFieldsAreCode15ForTheirEnvelope() {
        assertThatThrownBy(() -> parse("{\"event\":\"x\"}{\"event\":\"y\",\"fields\":{\"a\":{\"b\":\"c\"}}}"))
                .isInstanceOfSatisfying(HecEnvelopeException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.INDEXED_FIELDS);
                    assertThat(e.eventNumber()).isEqualTo(1);
                });
        assertThatThrownBy(() -> parse("{\"event\":\"y\",\"fields\":\"a=b\"}"))
                .isInstanceOfSatisfying(HecEnvelopeException.class, e ->
                        assertThat(e.problem()).isEqualTo(Problem.INDEXED_FIELDS));
    }

    @Test
    void anEnvelopeWithoutEventIsCode12WithItsNumber() {
        assertThatThrownBy(() -> parse("{\"event\":{\"a\":\"1\"}}\n{\"event\":{\"a\":\"2\"}}\n{\"host\":\"h\",\"time\":1}"))
                .isInstanceOfSatisfying(HecEnvelopeException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.EVENT_FIELD_REQUIRED);
                    assertThat(e.eventNumber()).isEqualTo(2);
                });
    }

    @Test
    void anEmptyNullOrWhiteSpaceEventIsCode13WithItsNumber() {
        for (String blank : new String[] {"\"\"", "\"  \\n \"", "null"}) {
            assertThatThrownBy(() -> parse("{\"event\":\"x\"}{\"event\":" + blank + "}"))
                    .as(blank)
                    .isInstanceOfSatisfying(HecEnvelopeException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.EVENT_FIELD_BLANK);
                        assertThat(e.eventNumber()).isEqualTo(1);
                    });
        }
    }

    @Test
    void malformedJsonIsCode6WithTheNumberOfTheEnvelopeBeingRead() {
        assertThatThrownBy(() -> parse("{\"event\":\"a\"}{\"event\":\"b\"}{\"event\": \"c\", \"host\": }"))
                .isInstanceOfSatisfying(HecEnvelopeException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.INVALID_DATA_FORMAT);
                    assertThat(e.eventNumber()).isEqualTo(2);
                });
        assertThatThrownBy(() -> parse("{\"event\":\"a\"} garbage"))
                .isInstanceOfSatisfying(HecEnvelopeException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.INVALID_DATA_FORMAT);
                    assertThat(e.eventNumber()).isEqualTo(1);
                });
        assertThatThrownBy(() -> parse("{\"event\":\"a\""))
                .isInstanceOfSatisfying(HecEnvelopeException.class, e -> assertThat(e.eventNumber()).isZero());
    }

    @Test
    void aBodyThatIsNotAnEnvelopeIsCode6ForEventZero() {
        for (String body : new String[] {"[{\"event\":\"a\"}]", "\"text\"", "42"}) {
            assertThatThrownBy(() -> parse(body)).as(body)
                    .isInstanceOfSatisfying(HecEnvelopeException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.INVALID_DATA_FORMAT);
                        assertThat(e.eventNumber()).isZero();
                    });
        }
    }

    @Test
    void metadataOfTheWrongTypeIsCode6() {
        assertThatThrownBy(() -> parse("{\"host\":{\"name\":\"x\"},\"event\":\"a\"}"))
                .isInstanceOfSatisfying(HecEnvelopeException.class, e ->
                        assertThat(e.problem()).isEqualTo(Problem.INVALID_DATA_FORMAT));
    }

    @Test
    void anEmptyBodyIsNoData() {
        for (String body : new String[] {"", "  \n\t "}) {
            assertThatThrownBy(() -> parse(body)).as("[" + body + "]")
                    .isInstanceOfSatisfying(HecEnvelopeException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.NO_DATA);
                        assertThat(e.eventNumber()).isEqualTo(HecEnvelopeException.NO_EVENT);
                    });
        }
    }

    @Test
    void eventsHecAcceptsButThatAreNoWindowsEventAreRejectedOneByOne() throws IOException {
        CollectingSink sink = parse("{\"event\":\"user logged in\"}{\"event\":42}{\"event\":[1,2]}"
                + "{\"event\":\"<Event><System><EventID>4104</EventID>\"}"
                + "{\"event\":\"<Event><System><EventID>1</EventID></System></Event><Event/>\"}"
                + "{\"event\":{\"EventCode\":\"4104\"}}");

        assertThat(sink.rejected).extracting(CollectingSink.Rejected::index).containsExactly(0, 1, 2, 3, 4);
        assertThat(sink.rejected.get(0).reason()).contains("Not a Windows event");
        assertThat(sink.rejected.get(1).reason()).contains("JSON number");
        assertThat(sink.rejected.get(3).reason()).contains("ends inside an <Event>");
        assertThat(sink.rejected.get(4).reason()).contains("holds 2 elements");
        assertThat(sink.accepted).extracting(CollectingSink.Accepted::index).containsExactly(5);
    }

    @Test
    void aDoctypeInAnEventStringRejectsThatEventOnly() throws IOException {
        CollectingSink sink = parse("{\"event\":\"<!DOCTYPE x [<!ENTITY e 'x'>]><Event/>\"}{\"event\":{\"a\":\"1\"}}");

        assertThat(sink.rejected).extracting(CollectingSink.Rejected::index).containsExactly(0);
        assertThat(sink.accepted).extracting(CollectingSink.Accepted::index).containsExactly(1);
    }
}
