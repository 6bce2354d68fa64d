package dev.escu.pssession.ingest.format;

import java.util.ArrayList;
import java.util.List;

/** Keeps what a parser hands on, in order. */
final class CollectingSink implements EventSink {

    record Accepted(int index, RawEvent event) {
    }

    record Rejected(int index, String reason) {
    }

    final List<Accepted> accepted = new ArrayList<>();
    final List<Rejected> rejected = new ArrayList<>();

    @Override
    public void accept(int index, RawEvent event) {
        accepted.add(new Accepted(index, event));
    }

    @Override
    public void reject(int index, String reason) {
        rejected.add(new Rejected(index, reason));
    }

    RawEvent event(int i) {
        return accepted.get(i).event();
    }
}
