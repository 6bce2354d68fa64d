package dev.escu.pssession.ingest.format.evtx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.escu.pssession.ingest.format.ParseLimits;
import dev.escu.pssession.ingest.format.XmlEventFormat;

/** The same events through both parsers: EVTX directly, and rendered as Windows XML through XmlEventFormat. */
class EvtxXmlCrossCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {EvtxSampleFilesTest.SERVICE, EvtxSampleFilesTest.LSASS})
    void readsTheSameFieldsAsTheXmlParserReadsFromTheEventsAsWindowsXml(String name) {
        assertSameAsXml(EvtxSampleFilesTest.sample(name));
    }

    /** Both parsers on {@code file}: the same events, fields and derived values, record by record. */
    static void assertSameAsXml(byte[] file) {
        RecordingSink evtx = RecordingSink.evtx(file);
        List<String> xml = EvtxXml.render(file);
        RecordingSink fromXml = RecordingSink.parse(new XmlEventFormat(ParseLimits.DEFAULT),
                String.join("\n", xml).getBytes(StandardCharsets.UTF_8));

        assertThat(evtx.rejected).isEmpty();
        assertThat(fromXml.rejected).isEmpty();
        assertThat(evtx.accepted).isNotEmpty().hasSameSizeAs(xml).hasSameSizeAs(fromXml.accepted);
        for (int i = 0; i < xml.size(); i++) {
            assertThat(evtx.accepted.get(i).event().fields()).as("record %d: %s", i, xml.get(i))
                    .isEqualTo(fromXml.accepted.get(i).event().fields());
            assertThat(evtx.accepted.get(i).event().derived()).as("record %d", i)
                    .isEqualTo(fromXml.accepted.get(i).event().derived());
            assertThat(evtx.accepted.get(i).event().meta()).isEmpty();
        }
    }
}
