package dev.escu.pssession.detection.powershell;

import java.util.List;
import java.util.Objects;

/**
 * The analyser's answer for one script block: the verdict, one sentence saying why, and for a
 * flagged block every session-opening invocation in order of offset.
 */
public record Judgement(Verdict verdict, String reason, List<Evidence> evidence) {

    public Judgement {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        evidence = List.copyOf(evidence);
    }

    public boolean flagged() {
        return verdict == Verdict.FLAGGED;
    }
}
