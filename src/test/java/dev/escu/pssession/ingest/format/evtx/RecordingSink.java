package dev.escu.pssession.ingest.format.evtx;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.escu.pssession.detection.MatchPrefilter;
import dev.escu.pssession.ingest.format.EventFormat;
import dev.escu.pssession.ingest.format.EventSink;
import dev.escu.pssession.ingest.format.ParseLimits;
import dev.escu.pssession.ingest.format.RawEvent;

/** Keeps what a parser hands on, in order, for the EVTX tests. */
final class RecordingSink implements EventSink {

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

    List<Map<String, String>> fields() {
        return accepted.stream().map(a -> a.event().fields()).toList();
    }

    List<Integer> acceptedIndexes() {
        return accepted.stream().map(Accepted::index).toList();
    }

    static RecordingSink parse(EventFormat format, byte[] body) {
        RecordingSink sink = new RecordingSink();
        try {
            format.parse(new ByteArrayInputStream(body), sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sink;
    }

    static RecordingSink evtx(byte[] body) {
        return parse(new EvtxEventFormat(ParseLimits.DEFAULT), body);
    }
}
