package dev.escu.pssession.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Judges, now and then, the split script blocks whose missing parts did not come within
 * {@code pssession.ingest.split-block-wait}. Every instance runs it; each block is claimed by one.
 */
@Component
class SplitBlockTimer {

    private static final Logger log = LoggerFactory.getLogger(SplitBlockTimer.class);

    private final EventIntake intake;

    SplitBlockTimer(EventIntake intake) {
        this.intake = intake;
    }

    @Scheduled(fixedDelayString = "${pssession.ingest.split-block-check:30s}", initialDelayString = "${pssession.ingest.split-block-check:30s}")
    void judgeWaitingBlocks() {
        try {
            int judged;
            do {
                judged = intake.judgeWaitingBlocks();
                if (judged > 0) {
                    log.info("Judged {} script blocks whose missing parts did not come in time", judged);
                }
            } while (judged > 0);
        } catch (RuntimeException e) {
            // the database may be away: the blocks wait for the next round
            log.warn("Waiting script blocks not judged this round: {}", e.getMessage());
        }
    }
}
