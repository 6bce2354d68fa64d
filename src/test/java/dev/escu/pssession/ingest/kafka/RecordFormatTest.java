package dev.escu.pssession.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordFormatTest {

    @Test
    void readsAFormatByNameOrByAnyContentTypeTheHttpIntakeTakes() {
        assertThat(RecordFormat.of("NDJSON")).contains(RecordFormat.NDJSON);
        assertThat(RecordFormat.of("application/x-ndjson")).contains(RecordFormat.NDJSON);
        assertThat(RecordFormat.of("application/ndjson")).contains(RecordFormat.NDJSON);
        assertThat(RecordFormat.of("application/jsonl")).contains(RecordFormat.NDJSON);
        assertThat(RecordFormat.of("application/json; charset=utf-8")).contains(RecordFormat.JSON);
        assertThat(RecordFormat.of("text/xml")).contains(RecordFormat.XML);
        assertThat(RecordFormat.of("hec")).contains(RecordFormat.HEC);
        assertThat(RecordFormat.of("*/*")).isEmpty();
        assertThat(RecordFormat.of("text/csv")).isEmpty();
        assertThat(RecordFormat.of("not a type")).isEmpty();
    }
}
