package dev.escu.pssession.detection.escu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.escu.pssession.detection.spl.SearchLimits;

/** YAML is read with every limit holding while it is read. */
class YamlTreeTest {

    private static Object read(String yaml) throws MalformedContentException {
        return YamlTree.read(yaml, ContentLimits.DEFAULT);
    }

    @Test
    void readsScalarsAsTextAndPlainNullsAsNull() throws Exception {
        Object tree = read("version: 13\ndate: 2024-09-30\nflag: true\nempty:\ntilde: ~\nquoted: 'null'\nlist: [a, 'b']\n");
        assertThat(tree).isEqualTo(new java.util.LinkedHashMap<>(Map.of("version", "13", "date", "2024-09-30", "flag", "true",
                "quoted", "null", "list", List.of("a", "b"))) {{
                    put("empty", null);
                    put("tilde", null);
                }});
    }

    @Test
    void expandsAliasesWithinTheBudget() throws Exception {
        Object tree = read("base: &b [x, y]\ncopy: *b\n");
        assertThat(((Map<?, ?>) tree).get("copy")).isEqualTo(List.of("x", "y"));
    }

    @Test
    @Timeout(10)
    void stopsAnAliasBombEarly() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [lol, lol]\n");
        for (int i = 1; i < 64; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a").append(i - 1).append("]\n");
        }
        assertThatThrownBy(() -> read(yaml.toString())).isInstanceOf(MalformedContentException.class)
                .hasMessage("more than 100000 YAML nodes once aliases are expanded");
    }

    @Test
    void refusesAnAliasInsideItsOwnAnchor() {
        assertThatThrownBy(() -> read("a: &x [1, *x]\n")).hasMessage("alias *x refers to a node that contains it");
        assertThatThrownBy(() -> read("a: *nothing\n")).hasMessageContaining("nothing");
    }

    @Test
    @Timeout(10)
    void refusesDeepNestingWithoutOverflowingTheStack() {
        String deep = "[".repeat(200_000) + "]".repeat(200_000);
        assertThatThrownBy(() -> read(deep)).hasMessage("YAML nested deeper than 64 levels");
        String deepMaps = "a:\n" + java.util.stream.IntStream.range(1, 100).mapToObj(i -> " ".repeat(i) + "a:\n")
                .reduce("", String::concat);
        assertThatThrownBy(() -> read(deepMaps)).hasMessage("YAML nested deeper than 64 levels");
    }

    @Test
    void refusesDuplicateKeysSecondDocumentsAndNonTextKeys() {
        assertThatThrownBy(() -> read("id: a\nid: b\n")).hasMessage("duplicate key 'id'");
        assertThatThrownBy(() -> read("a: 1\n---\nb: 2\n")).hasMessage("more than one YAML document");
        assertThatThrownBy(() -> read("? [a]\n: b\n")).hasMessage("a mapping key that is not text");
    }

    @Test
    void refusesWhatIsNotYamlOrNotUtf8() {
        assertThatThrownBy(() -> read("a: 'unclosed\n")).hasMessageStartingWith("not valid YAML: ");
        assertThatThrownBy(() -> YamlTree.read(new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28}, ContentLimits.DEFAULT))
                .hasMessage("the file is not UTF-8 text");
        assertThatThrownBy(() -> read("")).hasMessage("the file holds no YAML document");
    }

    @Test
    void readsAByteOrderMark() throws Exception {
        byte[] text = "name: x\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[text.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(text, 0, bytes, 3, text.length);
        assertThat(YamlTree.read(bytes, ContentLimits.DEFAULT)).isEqualTo(Map.of("name", "x"));
    }

    @Test
    void refusesTextLongerThanTheLimit() {
        ContentLimits small = new ContentLimits(100, 64, 1000, SearchLimits.DEFAULT);
        char[] filler = new char[200];
        Arrays.fill(filler, 'x');
        assertThatThrownBy(() -> YamlTree.read("a: " + new String(filler), small)).hasMessage("the file is larger than 100 bytes");
    }
}
