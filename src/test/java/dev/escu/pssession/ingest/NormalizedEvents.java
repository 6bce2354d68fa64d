package dev.escu.pssession.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.escu.pssession.detection.MatchPrefilter;
import dev.escu.pssession.detection.WindowsEvent;
import dev.escu.pssession.ingest.format.EventFormat;
import dev.escu.pssession.ingest.format.EventSink;
import dev.escu.pssession.ingest.format.RawEvent;

/** A body read by a parser and normalised, for tests: every event must be read and normalised, none refused. */
final class NormalizedEvents {

    static final Instant RECEIVED = Instant.parse("2026-11-29T10:00:00Z");

    private NormalizedEvents() {
    }

    static List<WindowsEvent> read(EventFormat format, byte[] body) {
        List<WindowsEvent> events = new ArrayList<>();
        EventNormalizer normalizer = new EventNormalizer();
        try {
            format.parse(new ByteArrayInputStream(body), new EventSink() {
                @Override
                public MatchPrefilter prefilter() {
                    return MatchPrefilter.NONE;
                }

                @Override
                public void accept(int index, RawEvent raw) {
                    EventNormalizer.Result result = normalizer.normalize(raw, IngestDefaults.NONE, RECEIVED);
                    assertThat(result).isInstanceOf(EventNormalizer.Normalized.class);
                    events.add(((EventNormalizer.Normalized) result).event());
                }

                @Override
                public void reject(int index, String reason) {
                    throw new AssertionError(reason);
                }

                @Override
                public void skip(int index) {
                    throw new AssertionError("skipped without a prefilter");
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an in-memory body
        }
        return events;
    }
}
