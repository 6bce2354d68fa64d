package dev.escu.pssession.ingest.format;

import java.io.IOException;
import java.io.InputStream;

import dev.escu.pssession.detection.MatchPrefilter;

/** A format whose sink hands it a prefilter, as the ingest pipeline's sink does, for parser tests. */
public final class Prefiltered implements EventFormat {

    private final EventFormat format;
    private final MatchPrefilter prefilter;

    public Prefiltered(EventFormat format, MatchPrefilter prefilter) {
        this.format = format;
        this.prefilter = prefilter;
    }

    @Override
    public String name() {
        return format.name();
    }

    @Override
    public void parse(InputStream body, EventSink sink) throws IOException {
        format.parse(body, new EventSink() {
            @Override
            public MatchPrefilter prefilter() {
                return prefilter;
            }

            @Override
            public void accept(int index, RawEvent event) {
                sink.accept(index, event);
            }

            @Override
            public void reject(int index, String reason) {
                sink.reject(index, reason);
            }

            @Override
            public void skip(int index) {
                sink.skip(index);
            }
        });
    }
}
