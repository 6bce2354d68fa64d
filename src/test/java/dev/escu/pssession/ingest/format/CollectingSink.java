package dev.escu.pssession.ingest.format;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.escu.pssession.detection.MatchPrefilter;

/** Collects what a parser hands on, for parser tests. */
final class CollectingSink implements EventSink {

    @Override
    public MatchPrefilter prefilter() {
        return MatchPrefilter.NONE;
    }

    record Accepted(int index, RawEvent event) {
    }

    record Rejected(int index, String reason) {
    }

    final List<Accepted> accepted = new ArrayList<>();
    final List<Rejected> rejected = new ArrayList<>();
    final List<Integer> skipped = new ArrayList<>();

    @Override
    public void accept(int index, RawEvent event) {
        accepted.add(new Accepted(index, event));
    }

    @Override
    public void reject(int index, String reason) {
        rejected.add(new Rejected(index, reason));
    }

    @Override
    public void skip(int index) {
        skipped.add(index);
    }

    RawEvent event(int i) {
        return accepted.get(i).event();
    }

    Map<String, String> fields(int n) {
        return accepted.get(n).event().fields();
    }

    static CollectingSink parse(EventFormat format, String body) {
        return parse(format, body.getBytes(StandardCharsets.UTF_8));
    }

    static CollectingSink parse(EventFormat format, byte[] body) {
        CollectingSink sink = new CollectingSink();
        try {
            format.parse(new ByteArrayInputStream(body), sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sink;
    }

    static byte[] resource(String name) {
        try (var in = CollectingSink.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
