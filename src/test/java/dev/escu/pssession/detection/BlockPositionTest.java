package dev.escu.pssession.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.escu.pssession.detection.powershell.InteractiveSessionRule;

/** One reading of MessageNumber/MessageTotal for everything that treats split script blocks. */
class BlockPositionTest {

    private static WindowsEvent event(String id, String number, String total) {
        Map<String, String> fields = new HashMap<>();
        fields.put(SplunkFields.SCRIPT_BLOCK_TEXT, "Enter-PSSession -ComputerName srv01");
        if (id != null) {
            fields.put(SplunkFields.SCRIPT_BLOCK_ID, id);
        }
        if (number != null) {
            fields.put(SplunkFields.MESSAGE_NUMBER, number);
        }
        if (total != null) {
            fields.put(SplunkFields.MESSAGE_TOTAL, total);
        }
        return new WindowsEvent(Instant.EPOCH, fields);
    }

    @Test
    void aPartIsOneOfSeveralWithANumberInRange() {
        assertThat(BlockPosition.of(event("b1", " 2", "3 "))).contains(new BlockPosition("b1", 2, 3));
        assertThat(BlockPosition.of(event("b1", "1", "1"))).isEmpty();
        assertThat(BlockPosition.of(event(null, "1", "3"))).isEmpty();
        assertThat(BlockPosition.of(event("b1", "0", "3"))).isEmpty();
        assertThat(BlockPosition.of(event("b1", "4", "3"))).isEmpty();
        assertThat(BlockPosition.of(event("b1", null, "3"))).isEmpty();
        assertThat(BlockPosition.of(event("b1", "1", "three"))).isEmpty();
    }

    @Test
    void aTotalNoPowerShellBlockCanHaveMakesNoPart() {
        assertThat(BlockPosition.of(event("b1", "1", "65536"))).contains(new BlockPosition("b1", 1, 65536));
        assertThat(BlockPosition.of(event("b1", "1", "65537"))).isEmpty();
        assertThat(BlockPosition.of(event("b1", "1", "2147483647"))).isEmpty();
    }

    @Test
    void theCompanionJudgesAloneAnEventThatIsNoPartEvenIfItsTotalIsAboveOne() {
        InteractiveSessionRule rule = new InteractiveSessionRule();

        assertThat(rule.judgesWhole(event("b1", "2", "3"))).isTrue();
        assertThat(rule.judge(event("b1", "2", "3"))).isEmpty();
        assertThat(rule.judgesWhole(event("b1", "0", "3"))).isFalse();
        assertThat(rule.judge(event("b1", "0", "3"))).isPresent();
    }
}
