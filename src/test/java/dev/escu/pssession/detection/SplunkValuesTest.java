package dev.escu.pssession.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** values(): distinct values, sorted by UTF-8 bytes. */
class SplunkValuesTest {

    @Test
    void sortsUppercaseBeforeLowercase() {
        assertThat(SplunkValues.values(List.of("lateral-movement", "TTP", "Exploitation", "apple", "Zebra")))
                .containsExactly("Exploitation", "TTP", "Zebra", "apple", "lateral-movement");
    }

    @Test
    void sortsDigitsAsTextNotAsNumbers() {
        assertThat(SplunkValues.values(List.of("9", "10", "100", "2"))).containsExactly("10", "100", "2", "9");
    }

    @Test
    void keepsEachValueOnce() {
        assertThat(SplunkValues.values(List.of("b", "a", "b", "a"))).containsExactly("a", "b");
    }

    @Test
    void ordersByUtf8BytesAboveTheBasicPlane() {
        // UTF-16 puts the surrogate of U+1F600 before U+FF21; UTF-8 bytes (and code points) put it after
        String fullwidthA = "\uFF21";
        String emoji = new String(Character.toChars(0x1F600));
        assertThat(SplunkValues.values(List.of(emoji, fullwidthA, "z", "\u00e9"))).containsExactly("z", "\u00e9", fullwidthA, emoji);
    }

    @Test
    void sortsAPrefixFirst() {
        assertThat(SplunkValues.values(List.of("abc", "ab", "a"))).containsExactly("a", "ab", "abc");
    }
}
