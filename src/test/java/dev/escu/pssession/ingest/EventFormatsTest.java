package dev.escu.pssession.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;

class EventFormatsTest {

    private final EventFormats formats = new EventFormats(new IngestProperties(DataSize.ofGigabytes(2), 200,
            DataSize.ofMegabytes(1), 5_000_000, 32, 1_000_000, 1000, 2000, Duration.ofMinutes(10), 4, Duration.ofSeconds(30)));

    @Test
    void readsNdjsonByEveryNameShippersGiveIt() {
        for (String type : List.of("application/x-ndjson", "application/ndjson", "application/jsonl",
                "application/x-jsonlines", "application/x-ndjson; charset=utf-8")) {
            assertThat(formats.forType(MediaType.parseMediaType(type))).as(type).containsSame(formats.ndjson());
        }
    }

    @Test
    void readsEachOtherTypeByItsOwnFormatAndRefusesTheRest() {
        assertThat(formats.forType(MediaType.APPLICATION_JSON)).containsSame(formats.json());
        assertThat(formats.forType(MediaType.TEXT_XML)).containsSame(formats.xml());
        assertThat(formats.forType(MediaType.parseMediaType("application/x-evtx"))).containsSame(formats.evtx());
        assertThat(formats.forType(MediaType.parseMediaType("text/csv"))).isEmpty();
        assertThat(formats.forType(MediaType.parseMediaType("application/jsonlines-ish"))).isEmpty();
    }
}
