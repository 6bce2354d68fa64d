package dev.escu.pssession.detection.powershell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The labelled corpus: the hand-written blocks under {@code src/test/resources/hardened/} and the
 * variants generated from them (every dash times every parameter spelling; benign copies of the
 * session blocks inside comments and here-strings; ambiguous prefixes).
 */
final class HardenedCorpus {

    static final String KNOWN_GAPS = "known gaps";
    static final String KNOWN_FALSE_FLAGS = "known false flags";

    /** Categories labelled with PowerShell's answer where the reader is known to differ. */
    static boolean knownToDiffer(LabelledBlock block) {
        return block.category().equals(KNOWN_GAPS) || block.category().equals(KNOWN_FALSE_FLAGS);
    }
    static final String[] DASHES = {"-", "\u2013", "\u2014", "\u2015"};
    private static final String HEADER = "#=== ";

    /** Every spelling of every target parameter, with the set it binds and the value used. */
    static final Map<String, String[]> TARGET_SPELLINGS = Map.of(
            "ComputerName", new String[] {"ComputerName", "computername", "COMPUTERNAME", "Cn", "cn", "CN", "Comp", "Compu",
                "Comput", "Computer", "ComputerN"},
            "ConnectionUri", new String[] {"ConnectionUri", "URI", "uri", "CU", "cu", "Conn", "Connectio", "ConnectionU", "UR"},
            "HostName", new String[] {"HostName", "H", "Ho", "Host", "hostname"},
            "Session", new String[] {"Session", "session"},
            "Id", new String[] {"Id", "ID"},
            "Name", new String[] {"Name", "N", "Na", "Nam"},
            "InstanceId", new String[] {"InstanceId", "In", "Ins", "Inst"},
            "VMName", new String[] {"VMName", "VMN", "VMNa", "vmname"},
            "VMId", new String[] {"VMId", "VMI", "VMGuid", "VMG"},
            "ContainerId", new String[] {"ContainerId", "Cont", "Conta", "Contai"});

    static final Map<String, String> TARGET_VALUES = Map.of(
            "ComputerName", "gen-host01",
            "ConnectionUri", "http://gen-host01:5985/wsman",
            "HostName", "gen-lnx01",
            "Session", "$genSession",
            "Id", "7",
            "Name", "GenSession",
            "InstanceId", "5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
            "VMName", "GenVM",
            "VMId", "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
            "ContainerId", "c0ffee12");

    /** Prefixes that match several of Enter-PSSession's own parameters in every edition. */
    static final String[] AMBIGUOUS_PREFIXES = {"C", "Co", "Con", "S", "Se", "Sess", "V", "VM", "I", "U"};

    private static final String[] COMMANDS = {"Enter-PSSession", "etsn", "ENTER-pssession"};

    private HardenedCorpus() {
    }

    static List<LabelledBlock> all() {
        List<LabelledBlock> all = new ArrayList<>(handWritten());
        all.addAll(generated(handWritten()));
        return all;
    }

    static List<LabelledBlock> handWritten() {
        try (Stream<Path> files = Files.list(Path.of(HardenedCorpus.class.getResource("/hardened").toURI()))) {
            List<LabelledBlock> blocks = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".blocks")).sorted().toList()) {
                blocks.addAll(parse(Files.readString(file, StandardCharsets.UTF_8)));
            }
            return blocks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<LabelledBlock> parse(String file) {
        List<LabelledBlock> blocks = new ArrayList<>();
        String[] header = null;
        StringBuilder text = new StringBuilder();
        for (String line : file.split("\n", -1)) {
            if (line.startsWith(HEADER)) {
                if (header != null) {
                    blocks.add(block(header, text));
                }
                header = line.substring(HEADER.length()).split("\\|");
                text.setLength(0);
            } else if (header != null) {
                text.append(line).append('\n');
            }
        }
        if (header != null) {
            blocks.add(block(header, text));
        }
        return blocks;
    }

    private static LabelledBlock block(String[] header, StringBuilder text) {
        String body = text.toString();
        while (body.endsWith("\n")) {
            body = body.substring(0, body.length() - 1);
        }
        Verdict expected = Verdict.valueOf(header[2].strip());
        String set = header.length > 3 ? header[3].strip() : null;
        String target = header.length > 4 ? header[4].strip() : null;
        return new LabelledBlock(header[0].strip(), header[1].strip(), expected, set, "-".equals(target) ? null : target, body);
    }

    static List<LabelledBlock> generated(List<LabelledBlock> handWritten) {
        List<LabelledBlock> blocks = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, String[]> parameter : TARGET_SPELLINGS.entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            String set = parameter.getKey();
            String value = TARGET_VALUES.get(set);
            String target = value.startsWith("$") ? null : value;
            for (String spelling : parameter.getValue()) {
                for (String dash : DASHES) {
                    for (boolean colon : new boolean[] {false, true}) {
                        String command = COMMANDS[n % COMMANDS.length];
                        String text = command + " " + dash + spelling + (colon ? ":" : " ") + value;
                        blocks.add(new LabelledBlock("gen-" + n++, "generated: dash x parameter spelling", Verdict.FLAGGED, set,
                                target, text));
                    }
                }
            }
        }
        for (String prefix : AMBIGUOUS_PREFIXES) {
            for (String dash : DASHES) {
                blocks.add(new LabelledBlock("gen-" + n++, "generated: ambiguous prefix (rejected)", Verdict.NOT_FLAGGED, null,
                        null, COMMANDS[n % COMMANDS.length] + " " + dash + prefix + " gen-host01"));
            }
        }
        for (LabelledBlock block : handWritten) {
            if (!block.opensSession() || block.category().equals(KNOWN_GAPS) || block.category().equals("incomplete")) {
                continue;
            }
            blocks.add(new LabelledBlock(block.id() + "-in-line-comments", "generated: session block in line comments",
                    Verdict.NOT_FLAGGED, null, null, "# " + block.text().replace("\n", "\n# ")));
            if (!block.text().contains("#>")) {
                blocks.add(new LabelledBlock(block.id() + "-in-block-comment", "generated: session block in a block comment",
                        Verdict.NOT_FLAGGED, null, null, "<#\n" + block.text() + "\n#>\nGet-Date"));
            }
            if (!block.text().contains("\n'@") && !block.text().startsWith("'@")) {
                blocks.add(new LabelledBlock(block.id() + "-in-here-string", "generated: session block in a here-string",
                        Verdict.NOT_FLAGGED, null, null, "$example = @'\n" + block.text() + "\n'@\nWrite-Output $example"));
            }
        }
        return blocks;
    }

    /** ESCU's rule: both substrings anywhere in the block, ignoring case. */
    static boolean escuSubstringRule(String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("enter-pssession") && lower.contains("-computername");
    }
}
