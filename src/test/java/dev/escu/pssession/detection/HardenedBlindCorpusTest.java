package dev.escu.pssession.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.escu.pssession.detection.powershell.RemoteSessionAnalyzer;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Measures the hardened rule on a corpus written without looking at its implementation
 * ({@code src/test/resources/hardened-blind}, see the README there), next to ESCU's substring rule.
 */
class HardenedBlindCorpusTest {

    private static final Pattern HEADER =
            Pattern.compile("(?m)^#=== (\\S+) \\| (\\S+) \\| (FLAGGED|NOT_FLAGGED)[ \\t]*\\r?$");

    record Block(String file, String id, String category, boolean expected, String text) {}

    private static final class Tally {
        int blocks;
        int sessions;
        int caught;
        int benign;
        int falseFlags;
        int escuCaught;
        int escuFalseFlags;
        int unjudged;

        void add(boolean expected, boolean ours, boolean escu, boolean unjudgedVerdict) {
            blocks++;
            if (unjudgedVerdict) {
                unjudged++;
            }
            if (expected) {
                sessions++;
                if (ours) {
                    caught++;
                }
                if (escu) {
                    escuCaught++;
                }
            } else {
                benign++;
                if (ours) {
                    falseFlags++;
                }
                if (escu) {
                    escuFalseFlags++;
                }
            }
        }
    }

    /** ESCU's rule, as the parity detection runs it: both substrings, any case. */
    static boolean escu(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.contains("enter-pssession") && lower.contains("-computername");
    }

    static List<Block> readCorpus() throws IOException, URISyntaxException {
        URL url = HardenedBlindCorpusTest.class.getClassLoader().getResource("hardened-blind");
        Path dir = url != null ? Paths.get(url.toURI()) : Paths.get("src/test/resources/hardened-blind");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".blocks")).sorted().toList();
        }
        List<Block> blocks = new ArrayList<>();
        for (Path f : files) {
            blocks.addAll(parse(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8)));
        }
        return blocks;
    }

    /** Each block starts after its header line and runs to the next header; its final line break is not part of it. */
    static List<Block> parse(String file, String content) {
        List<Block> out = new ArrayList<>();
        Matcher m = HEADER.matcher(content);
        List<int[]> spans = new ArrayList<>();
        List<String[]> heads = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
            heads.add(new String[] {m.group(1), m.group(2), m.group(3)});
        }
        for (int i = 0; i < spans.size(); i++) {
            int start = spans.get(i)[1];
            if (start < content.length() && content.charAt(start) == '\r') {
                start++;
            }
            if (start < content.length() && content.charAt(start) == '\n') {
                start++;
            }
            int end = i + 1 < spans.size() ? spans.get(i + 1)[0] : content.length();
            String text = content.substring(Math.min(start, end), end);
            if (text.endsWith("\r\n")) {
                text = text.substring(0, text.length() - 2);
            } else if (text.endsWith("\n")) {
                text = text.substring(0, text.length() - 1);
            }
            String[] h = heads.get(i);
            out.add(new Block(file, h[0], h[1], h[2].equals("FLAGGED"), text));
        }
        return out;
    }

    @Test
    void corpusIsWellFormed() throws Exception {
        List<Block> blocks = readCorpus();
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(200);
        Set<String> ids = new HashSet<>();
        for (Block b : blocks) {
            assertThat(ids.add(b.id())).as("duplicate id %s", b.id()).isTrue();
            assertThat(b.text()).as("block %s", b.id()).isNotBlank();
        }
        long sessions = blocks.stream().filter(Block::expected).count();
        assertThat(sessions).isBetween(blocks.size() * 35L / 100, blocks.size() * 65L / 100);
    }

    @Test
    void hardenedRuleMeetsTheGoalOnTheBlindCorpus() throws Exception {
        List<Block> blocks = readCorpus();
        Map<String, Tally> byCategory = new LinkedHashMap<>();
        Tally total = new Tally();
        List<String> wrong = new ArrayList<>();

        for (Block b : blocks) {
            var j = RemoteSessionAnalyzer.judge(b.text());
            boolean ours = j.flagged();
            boolean unjudged = "UNJUDGED".equals(String.valueOf(j.verdict()));
            boolean theirs = escu(b.text());
            byCategory.computeIfAbsent(b.category(), k -> new Tally()).add(b.expected(), ours, theirs, unjudged);
            total.add(b.expected(), ours, theirs, unjudged);
            if (ours != b.expected()) {
                wrong.add(String.format("%s (%s, %s): expected %s, got %s [%s] reason=%s evidence=%s%n----%n%s%n----",
                        b.id(), b.category(), b.file(), b.expected() ? "FLAGGED" : "NOT_FLAGGED", j.verdict(),
                        ours ? "flagged" : "not flagged", j.reason(), j.evidence(), b.text()));
            }
        }

        StringBuilder table = new StringBuilder();
        String fmt = "%-16s %6s %8s %6s %6s %6s %6s | %9s %9s %9s%n";
        table.append(String.format(fmt, "category", "blocks", "sessions", "caught", "missed", "benign", "false",
                "escuCaught", "escuMissed", "escuFalse"));
        byCategory.forEach((cat, t) -> table.append(row(fmt, cat, t)));
        table.append(row(fmt, "TOTAL", total));
        table.append(String.format("ours: recall %.1f%%, false-flag rate %.1f%%, unjudged %d | ESCU: recall %.1f%%, false-flag rate %.1f%%%n",
                pct(total.caught, total.sessions), pct(total.falseFlags, total.benign), total.unjudged,
                pct(total.escuCaught, total.sessions), pct(total.escuFalseFlags, total.benign)));
        System.out.println("=== Hardened rule on the blind corpus (" + blocks.size() + " blocks) ===");
        System.out.print(table);
        if (!wrong.isEmpty()) {
            System.out.println("=== Blocks the hardened rule got wrong (" + wrong.size() + ") ===");
            wrong.forEach(System.out::println);
        }

        double recall = (double) total.caught / total.sessions;
        double falseFlagRate = (double) total.falseFlags / total.benign;
        assertThat(recall).as("recall on session blocks%n%s", table).isGreaterThanOrEqualTo(0.90);
        assertThat(falseFlagRate).as("false-flag rate on benign blocks%n%s", table).isLessThanOrEqualTo(0.05);
    }

    private static String row(String fmt, String name, Tally t) {
        return String.format(fmt, name, t.blocks, t.sessions, t.caught, t.sessions - t.caught, t.benign, t.falseFlags,
                t.escuCaught, t.sessions - t.escuCaught, t.escuFalseFlags);
    }

    private static double pct(int a, int b) {
        return b == 0 ? 0.0 : 100.0 * a / b;
    }
}
