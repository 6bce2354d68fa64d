package dev.escu.pssession.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.escu.pssession.detection.MatchPrefilter;
import dev.escu.pssession.detection.ResultRow;
import dev.escu.pssession.support.TestDetections;
import dev.escu.pssession.detection.WindowsEvent;
import dev.escu.pssession.ingest.format.EventFormat;
import dev.escu.pssession.ingest.format.EventSink;
import dev.escu.pssession.ingest.format.HecEventFormat;
import dev.escu.pssession.ingest.format.NdjsonEventFormat;
import dev.escu.pssession.ingest.format.ParseLimits;
import dev.escu.pssession.ingest.format.RawEvent;
import dev.escu.pssession.ingest.format.XmlEventFormat;

/** Winlogbeat, Elastic Agent and NXLog documents normalise to the group-by values of the same events as XML. */
class ElasticShapesTest {

    private static final List<String> GROUP_BY = ResultRow.fieldsOf(TestDetections.seed().all().get(0));

    private final EventNormalizer normalizer = new EventNormalizer();

    private List<WindowsEvent> normalize(EventFormat format, String resource) throws IOException {
        List<WindowsEvent> events = new ArrayList<>();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            format.parse(in, new EventSink() {
                @Override
                public MatchPrefilter prefilter() {
                    return MatchPrefilter.NONE;
                }

                @Override
                public void accept(int index, RawEvent event) {
                    EventNormalizer.Result result = normalizer.normalize(event, IngestDefaults.NONE, Instant.EPOCH);
                    assertThat(result).as(resource + " #" + index).isInstanceOf(EventNormalizer.Normalized.class);
                    events.add(((EventNormalizer.Normalized) result).event());
                }

                @Override
                public void reject(int index, String reason) {
                    throw new AssertionError(resource + " #" + index + ": " + reason);
                }

                @Override
                public void skip(int index) {
                    throw new AssertionError(resource + " #" + index + ": skipped without a prefilter");
                }
            });
        }
        return events;
    }

    private static List<Map<String, String>> groupValues(List<WindowsEvent> events) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (WindowsEvent event : events) {
            Map<String, String> row = new LinkedHashMap<>();
            GROUP_BY.forEach(field -> row.put(field, event.field(field)));
            rows.add(row);
        }
        return rows;
    }

    @Test
    void winlogbeatDocumentsGiveTheGroupByValuesOfTheXml() throws IOException {
        List<Map<String, String>> xml = groupValues(normalize(new XmlEventFormat(ParseLimits.DEFAULT),
                "samples/powershell-4104.xml"));
        List<Map<String, String>> winlogbeat = groupValues(normalize(new NdjsonEventFormat(ParseLimits.DEFAULT),
                "formats/winlogbeat.ndjson"));

        assertThat(xml).hasSize(4);
        assertThat(xml.get(0)).containsEntry("Opcode", "15").containsEntry("ProcessID", "6120")
                .containsEntry("Guid", "{A0C1853B-5C40-4B15-8766-3CF1C58F985A}");
        assertThat(winlogbeat).isEqualTo(xml);
    }

    @Test
    void elasticAgentDocumentsGiveTheGroupByValuesOfTheXml() throws IOException {
        List<Map<String, String>> xml = groupValues(normalize(new XmlEventFormat(ParseLimits.DEFAULT),
                "samples/powershell-4104.xml"));
        List<WindowsEvent> agent = normalize(new NdjsonEventFormat(ParseLimits.DEFAULT), "formats/elastic-agent.ndjson");

        assertThat(groupValues(agent)).isEqualTo(xml);
        // dest is the event's computer, not the shipping host's short name in host.name
        assertThat(agent.get(0).field("dest")).isEqualTo("LAPTOP-ADM-11.contoso.local");
        assertThat(agent.get(0).field("MessageNumber")).isEqualTo("1");
        assertThat(agent.get(0).field("EventRecordID")).isEqualTo("88121");
    }

    @Test
    void nxlogDocumentsGiveTheGroupByValuesAndTimesOfTheXml() throws IOException {
        List<WindowsEvent> xml = normalize(new XmlEventFormat(ParseLimits.DEFAULT), "samples/powershell-4104.xml");
        List<WindowsEvent> nxlog = normalize(new NdjsonEventFormat(ParseLimits.DEFAULT), "formats/nxlog.ndjson");

        assertThat(groupValues(nxlog)).isEqualTo(groupValues(xml));
        // the identity's parts (Computer, Channel, EventRecordID), so the same event from NXLog and as XML is one event
        for (String field : List.of("Computer", "Channel", "EventRecordID")) {
            assertThat(nxlog).extracting(event -> event.field(field)).isEqualTo(xml.stream().map(event -> event.field(field)).toList());
        }
        // EventTime, with NXLog's DateFormat set to ISO 8601
        assertThat(nxlog.get(0).time()).isEqualTo(Instant.parse("2026-03-02T08:14:55.417203Z"));
    }

    @Test
    void hecEnvelopesGiveTheGroupByValuesOfTheXml() throws IOException {
        List<Map<String, String>> xml = groupValues(normalize(new XmlEventFormat(ParseLimits.DEFAULT),
                "samples/powershell-4104.xml"));

        assertThat(groupValues(normalize(new HecEventFormat(ParseLimits.DEFAULT), "formats/hec-event.json")))
                .isEqualTo(xml);
        assertThat(groupValues(normalize(new HecEventFormat(ParseLimits.DEFAULT), "formats/hec-event-winlogbeat.json")))
                .isEqualTo(xml);
    }

    @Test
    void hecTimeWinsOverTheEventsOwnTime() throws IOException {
        // HEC's /event endpoint sets _time from the envelope and extracts no timestamp from the event
        List<WindowsEvent> hec = normalize(new HecEventFormat(ParseLimits.DEFAULT), "formats/hec-event.json");

        assertThat(hec.get(0).time()).isEqualTo(Instant.parse("2026-03-02T08:14:55.417Z"));
    }
}
