package dev.escu.pssession.detection.escu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.escu.pssession.detection.Ctime;
import dev.escu.pssession.detection.WindowsEvent;

/** The loader over a content folder laid out like splunk/security_content (src/test/resources/content). */
class EscuLoaderTest {

    private static final EscuContent CONTENT = new EscuLoader().load(TestContent.folder());

    private static SkippedDetection skipped(String file) {
        return CONTENT.skipped().stream().filter(s -> s.file().equals(file)).findFirst()
                .orElseThrow(() -> new AssertionError(file + " is not skipped; skipped: " + CONTENT.skipped()));
    }

    private static EscuDetection running(String name) {
        return CONTENT.detections().stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " does not run; skipped: " + CONTENT.skipped()));
    }

    @Test
    void runsEveryDetectionInTheSubsetAndSkipsTheRest() {
        assertThat(CONTENT.detections()).extracting(EscuDetection::file).containsExactly(
                "detections/endpoint/clipboard_read_with_powershell.yml",
                "detections/endpoint/cryptography_namespace_without_hashing.yml",
                "detections/endpoint/defender_folder_removal_with_powershell.yml",
                "detections/endpoint/domain_user_listing_with_powershell.yml",
                "detections/endpoint/exact_cmdlet_only_block.yml",
                "detections/endpoint/jump_host_remote_commands.yml",
                "detections/endpoint/old_message_without_observables.yml",
                "detections/endpoint/remote_session_opened_with_powershell.yml",
                "detections/endpoint/scheduled_task_cmdlets_with_powershell.yml",
                "detections/endpoint/script_path_with_eval_default.yml",
                "detections/endpoint/web_download_with_macro_arguments.yml");
        assertThat(CONTENT.skipped()).extracting(SkippedDetection::file)
                .allMatch(file -> file.contains("/skip_") || file.startsWith("macros/"));
    }

    @Test
    void readsTheCurrentFormatWithRba() {
        EscuDetection detection = running("Remote Session Opened With PowerShell");
        assertThat(detection.id()).isEqualTo("5517d815-60bc-479d-9da0-459f4c5c0b63");
        assertThat(detection.version()).isEqualTo(3);
        assertThat(detection.date()).isEqualTo("2026-01-15");
        assertThat(detection.author()).isEqualTo("Test Author, Example Org");
        assertThat(detection.status()).isEqualTo("production");
        assertThat(detection.type()).isEqualTo("TTP");
        assertThat(detection.searchName()).isEqualTo("ESCU - Remote Session Opened With PowerShell - Rule");
        assertThat(detection.dataSources()).containsExactly("Powershell Script Block Logging 4104");
        assertThat(detection.references()).containsExactly("https://example.org/remote-sessions");
        assertThat(detection.drilldowns()).containsExactly(new Drilldown("View the detection results for - \"$dest$\"",
                "%original_detection_search% | search  dest = \"$dest$\"", "$info_min_time$", "$info_max_time$"));
        assertThat(detection.rba()).isEqualTo(new Rba("A remote session was opened from $dest$ by $user_id$",
                List.of(new RiskObject("dest", "system", 50), new RiskObject("user_id", "user", 30)), List.of(), false));
        assertThat(detection.tags().analyticStories()).containsExactly("Lateral Movement Tests");
        assertThat(detection.tags().raw()).containsEntry("asset_type", "Endpoint");
        assertThat(detection.tags().mitreAttackIds()).containsExactly("T1021.006");
        assertThat(detection.tags().raw()).containsEntry("product", List.of("Splunk Enterprise", "Splunk Enterprise Security"));
        assertThat(detection.tags().raw()).containsEntry("security_domain", "endpoint");
        assertThat(detection.tags().raw()).containsEntry("cve", List.of());
        assertThat(detection.searchText()).startsWith("`powershell` EventCode=4104 (ScriptBlockText=\"*Enter-PSSession*\"");
        assertThat(detection.search().outputColumns()).containsExactly("dest", "signature", "signature_id", "user_id",
                "vendor_product", "EventID", "Guid", "Opcode", "Name", "Path", "ProcessID", "ScriptBlockId", "ScriptBlockText",
                "count", "firstTime", "lastTime");
    }

    @Test
    void fallsBackToTheOlderTagsForRiskAndThreatObjects() {
        EscuDetection detection = running("Domain User Listing With PowerShell");
        assertThat(detection.rba()).isEqualTo(new Rba("Domain users were listed on $dest$ by $user$.",
                List.of(new RiskObject("dest", "system", 15), new RiskObject("user", "user", 15)),
                List.of(new ThreatObject("ScriptBlockText", "process_name")), true));
        assertThat(detection.search().outputColumns()).containsExactly("EventCode", "ScriptBlockText", "dest", "user",
                "count", "firstTime", "lastTime");
        assertThat(running("Old Message Without Observables").rba())
                .isEqualTo(new Rba("Reflection was used on $Computer$.", List.of(), List.of(), true));
        assertThat(running("Script Path With Eval Default").rba()).isEqualTo(new Rba(null, List.of(), List.of(), true));
    }

    @Test
    void runsTheSearchOnEvents() {
        EscuDetection detection = running("Remote Session Opened With PowerShell");
        WindowsEvent event = new WindowsEvent(Instant.parse("2026-03-02T08:14:55.417Z"), Map.of(
                "source", "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational", "EventCode", "4104",
                "dest", "WS-01", "user_id", "S-1-5-21-7", "ScriptBlockText", "enter-pssession -computername SQL02"));
        assertThat(detection.search().group(event)).contains(List.of("WS-01", "0", "0", "S-1-5-21-7", "0", "0", "0", "0", "0",
                "0", "0", "0", "enter-pssession -computername SQL02"));
        assertThat(detection.search().row(List.of("WS-01"), 2, event.time(), event.time(), Ctime.UTC).subList(1, 4))
                .containsExactly("2", "2026-03-02T08:14:55", "2026-03-02T08:14:55");
    }

    @Test
    void aFilterMacroOfTheFolderFiltersRows() {
        EscuDetection detection = running("Jump Host Remote Commands");
        assertThat(detection.search().keepsRow(List.of("JUMP-01", "u", "Invoke-Command -ComputerName x"))).isFalse();
        assertThat(detection.search().keepsRow(List.of("WS-01", "u", "Invoke-Command -ComputerName x"))).isTrue();
    }

    @Test
    void folderMacrosOverrideTheBundledOnes() {
        assertThat(CONTENT.macros().find("powershell", 0)).hasValueSatisfying(m -> assertThat(m.origin()).isEqualTo("macros/powershell.yml"));
        WindowsEvent core = new WindowsEvent(Instant.EPOCH, Map.of("source", "XmlWinEventLog:PowerShellCore/Operational",
                "EventCode", "4104", "ScriptBlockText", "Get-Clipboard", "Path", "C:\\Users\\a\\clip.ps1"));
        assertThat(running("Clipboard Read With PowerShell").search().keeps(core)).isFalse();
        EscuContent bundledOnly = new EscuLoader().load(List.of(), List.of(new ContentFile("clipboard.yml",
                fixture("detections/endpoint/clipboard_read_with_powershell.yml"))));
        assertThat(bundledOnly.detections()).singleElement().satisfies(d -> assertThat(d.search().keeps(core)).isTrue());
    }

    @Test
    void skipsAnotherDataSource() {
        assertThat(skipped("detections/network/skip_wrong_data_source.yml")).isEqualTo(new SkippedDetection(
                "detections/network/skip_wrong_data_source.yml", "421fa627-268a-4b9a-bffc-3b66e05fd980", "Skip Wrong Data Source",
                "data source [Sysmon EventID 1] is not Powershell Script Block Logging 4104", null, true));
    }

    @Test
    void skipsADuplicateIdNamingTheFirstFile() {
        assertThat(skipped("detections/endpoint/skip_duplicate_id.yml").reason())
                .isEqualTo("duplicate id: already in detections/endpoint/remote_session_opened_with_powershell.yml");
    }

    @Test
    void skipsAByFieldNeverCarriedWithItsPosition() {
        SkippedDetection skip = skipped("detections/endpoint/skip_by_field_never_carried.yml");
        assertThat(skip.reason()).isEqualTo("BY field process_name is never carried by 4104 events (Splunk would return no rows)");
        assertThat(skip.position()).isEqualTo(searchOf("detections/endpoint/skip_by_field_never_carried.yml").indexOf("process_name"));
    }

    @Test
    void skipsAMissingMacro() {
        SkippedDetection skip = skipped("detections/endpoint/skip_missing_macro.yml");
        assertThat(skip.reason()).isEqualTo("macro `suspicious_cmdlets` is not defined");
        assertThat(skip.position()).isEqualTo(searchOf("detections/endpoint/skip_missing_macro.yml").indexOf("`suspicious_cmdlets`"));
    }

    @Test
    void skipsAMacroCycle() {
        assertThat(skipped("detections/endpoint/skip_macro_cycle.yml").reason()).startsWith("macro cycle: cycle_one -> cycle_two -> cycle_one");
    }

    @Test
    void skipsMalformedYaml() {
        SkippedDetection skip = skipped("detections/endpoint/skip_malformed_yaml.yml");
        assertThat(skip.reason()).startsWith("not valid YAML: ");
        assertThat(skip.id()).isNull();
        assertThat(skip.name()).isNull();
    }

    @Test
    void skipsAMissingRequiredKey() {
        SkippedDetection skip = skipped("detections/endpoint/skip_missing_search.yml");
        assertThat(skip.reason()).isEqualTo("required key search is missing");
        assertThat(skip.id()).isEqualTo("ee21f994-8bbd-41ce-8a6d-9f2aac85841f");
        assertThat(skipped("detections/endpoint/skip_version_not_a_number.yml").reason()).isEqualTo("version is not a whole number: 'one'");
    }

    @Test
    void skipsAnAliasBomb() {
        assertThat(skipped("detections/endpoint/skip_alias_bomb.yml").reason()).isEqualTo("more than 100000 YAML nodes once aliases are expanded");
    }

    @Test
    void skipsDeepNesting() {
        assertThat(skipped("detections/endpoint/skip_deep_nesting.yml").reason()).isEqualTo("YAML nested deeper than 64 levels");
    }

    @Test
    void skipsAnUnsupportedCommandWithItsPosition() {
        SkippedDetection skip = skipped("detections/endpoint/skip_unsupported_command.yml");
        assertThat(skip.reason()).isEqualTo("unsupported command table");
        assertThat(skip.position()).isEqualTo(searchOf("detections/endpoint/skip_unsupported_command.yml").indexOf("table"));
        assertThat(skipped("detections/endpoint/skip_stats_values.yml").reason()).isEqualTo("stats function values(ScriptBlockText) is not supported");
    }

    @Test
    void skipsAFilterMacroThatNeedsCount() {
        SkippedDetection skip = skipped("detections/endpoint/skip_filter_needs_count.yml");
        assertThat(skip.reason()).startsWith("a search after stats reads count").endsWith("(in macro `skip_filter_needs_count_filter`)");
        assertThat(skip.position()).isEqualTo(searchOf("detections/endpoint/skip_filter_needs_count.yml").indexOf("`skip_filter"));
    }

    @Test
    void skipsAnUnsupportedCommandInAMacroAtTheMacroCall() {
        SkippedDetection skip = skipped("detections/endpoint/skip_where_in_filter_macro.yml");
        assertThat(skip.reason()).isEqualTo("unsupported command where (in macro `skip_where_in_filter_macro_filter`)");
        assertThat(skip.position()).isEqualTo(searchOf("detections/endpoint/skip_where_in_filter_macro.yml").indexOf("`skip_where"));
    }

    @Test
    void listsABrokenMacroFile() {
        assertThat(skipped("macros/broken_macro.yml").reason()).isEqualTo("macro file: required key definition is missing");
    }

    @Test
    void skipsAFileLargerThanTheLimitUnread(@TempDir Path folder) throws IOException {
        copyContent(folder);
        Path big = folder.resolve("detections/endpoint/skip_megabyte_search.yml");
        Files.writeString(big, "name: Skip Megabyte Search\nid: 997b1ad1-a54d-4b06-8933-53b46231efce\nversion: 1\ntype: TTP\n"
                + "data_source: [Powershell Script Block Logging 4104]\nsearch: '`powershell` "
                + "ScriptBlockText=*x* ".repeat(80_000) + "| stats count min(_time) as firstTime max(_time) as lastTime by dest'\n");
        EscuContent content = new EscuLoader().load(folder);
        assertThat(content.skipped()).filteredOn(s -> s.file().equals("detections/endpoint/skip_megabyte_search.yml"))
                .singleElement().satisfies(s -> assertThat(s.reason()).isEqualTo("the file is larger than 1048576 bytes"));
        assertThat(content.detections()).hasSize(CONTENT.detections().size());
    }

    @Test
    void readsOnlyYmlFilesAsSplunksContentDoes(@TempDir Path folder) throws IOException {
        // ESCU.md: the folder holds detections/**/*.yml and macros/*.yml; a .yaml draft is not content
        Files.createDirectories(folder.resolve("detections/endpoint"));
        Files.createDirectories(folder.resolve("macros"));
        String detection = "name: %s\nid: %s\nversion: 1\ntype: TTP\ndata_source: [Powershell Script Block Logging 4104]\n"
                + "search: '`powershell` EventCode=4104 ScriptBlockText=*x* | stats count min(_time) as firstTime max(_time) as lastTime by dest'\n";
        Files.writeString(folder.resolve("detections/endpoint/runs.yml"), detection.formatted("Runs", "b1d7a8b0-0000-4000-8000-000000000001"));
        Files.writeString(folder.resolve("detections/endpoint/draft.yaml"), detection.formatted("Draft", "b1d7a8b0-0000-4000-8000-000000000002"));
        Files.writeString(folder.resolve("detections/endpoint/upper.YML"), detection.formatted("Upper", "b1d7a8b0-0000-4000-8000-000000000003"));
        Files.writeString(folder.resolve("macros/powershell.yaml"), "name: powershell\ndefinition: source=nowhere\n");
        EscuContent content = new EscuLoader().load(folder);
        assertThat(content.detections()).extracting(EscuDetection::name).containsExactly("Runs");
        assertThat(content.skipped()).isEmpty();
        assertThat(content.macros().find("powershell", 0)).hasValueSatisfying(m -> assertThat(m.definition()).startsWith("(source="));
    }

    @Test
    void skipsASearchLongerThanTheLimit(@TempDir Path folder) throws IOException {
        Files.createDirectories(folder.resolve("detections"));
        String search = "`powershell` " + "ScriptBlockText=*x* ".repeat(5_000) + "| stats count min(_time) as firstTime max(_time) as lastTime by dest";
        Files.writeString(folder.resolve("detections/long.yml"), "name: Long\nid: x-1\nversion: 1\ntype: TTP\n"
                + "data_source: [Powershell Script Block Logging 4104]\nsearch: '" + search + "'\n");
        EscuContent content = new EscuLoader().load(folder);
        assertThat(content.skipped()).singleElement().satisfies(s -> {
            assertThat(s.reason()).isEqualTo("the search has " + search.length() + " characters, more than the limit of 65536");
            assertThat(s.position()).isZero();
        });
    }

    @Test
    void aFolderDetectionReplacesTheBundledOneOfTheSameId(@TempDir Path folder) throws IOException {
        Files.createDirectories(folder.resolve("detections"));
        byte[] newer = fixture("detections/endpoint/remote_session_opened_with_powershell.yml");
        Files.write(folder.resolve("detections/newer.yml"), newer);
        ContentFile bundled = new ContentFile("classpath:escu/detections/remote.yml",
                new String(newer, StandardCharsets.UTF_8).replace("version: 3", "version: 2").getBytes(StandardCharsets.UTF_8));
        EscuContent content = new EscuLoader().load(folder, List.of(bundled));
        assertThat(content.detections()).singleElement().satisfies(d -> {
            assertThat(d.file()).isEqualTo("detections/newer.yml");
            assertThat(d.version()).isEqualTo(3);
        });
        assertThat(content.skipped()).singleElement().satisfies(s ->
                assertThat(s.reason()).isEqualTo("replaced by detections/newer.yml (version 3)"));
    }

    @Test
    void aNewerFolderVersionThatCannotRunLeavesTheBundledOneRunning(@TempDir Path folder) throws IOException {
        Files.createDirectories(folder.resolve("detections"));
        String file = new String(fixture("detections/endpoint/remote_session_opened_with_powershell.yml"), StandardCharsets.UTF_8);
        String unsupported = file.replace("  | fillnull\n", "  | where len(ScriptBlockText) > 10\n  | fillnull\n");
        assertThat(unsupported).isNotEqualTo(file);
        Files.writeString(folder.resolve("detections/newer.yml"), unsupported);
        ContentFile bundled = new ContentFile("classpath:escu/detections/remote.yml",
                file.replace("version: 3", "version: 2").getBytes(StandardCharsets.UTF_8));

        EscuContent content = new EscuLoader().load(folder, List.of(bundled));

        assertThat(content.detections()).singleElement().satisfies(d -> {
            assertThat(d.file()).isEqualTo(bundled.origin());
            assertThat(d.version()).isEqualTo(2);
        });
        assertThat(content.skipped()).singleElement().satisfies(s -> {
            assertThat(s.file()).isEqualTo("detections/newer.yml");
            assertThat(s.reason()).isEqualTo("unsupported command where; the bundled version 2 keeps running");
            assertThat(s.position()).isNotNull();
        });
    }

    @Test
    void aFolderDetectionOfTheSameOrAnOlderVersionLeavesTheBundledOneRunning(@TempDir Path folder) throws IOException {
        Files.createDirectories(folder.resolve("detections"));
        byte[] file = fixture("detections/endpoint/remote_session_opened_with_powershell.yml");
        Files.write(folder.resolve("detections/same.yml"), file);
        ContentFile bundled = new ContentFile("classpath:escu/detections/remote.yml", file);
        EscuContent content = new EscuLoader().load(folder, List.of(bundled));
        assertThat(content.detections()).singleElement().satisfies(d -> assertThat(d.file()).isEqualTo(bundled.origin()));
        assertThat(content.skipped()).singleElement().satisfies(s -> {
            assertThat(s.file()).isEqualTo("detections/same.yml");
            assertThat(s.reason()).isEqualTo("version 3 is not newer than the bundled classpath:escu/detections/remote.yml (version 3)");
        });
    }

    @Test
    void withoutAFolderOnlyBundledContentRuns(@TempDir Path folder) {
        EscuContent content = new EscuLoader().load(folder.resolve("missing"), List.of(new ContentFile("classpath:x.yml",
                fixture("detections/endpoint/clipboard_read_with_powershell.yml"))));
        assertThat(content.detections()).hasSize(1);
        assertThat(content.skipped()).singleElement().satisfies(s -> assertThat(s.reason()).isEqualTo("the content folder does not exist"));
    }

    @Test
    void matcherAndPrefilterCoverTheLoadedDetections() {
        WindowsEvent event = new WindowsEvent(Instant.EPOCH, Map.of("source", "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational",
                "EventCode", "4104", "dest", "WS-01", "ScriptBlockText", "Get-Clipboard", "Path", "C:\\Users\\a\\clip.ps1"));
        int[] hits = CONTENT.matcher().matching(event);
        assertThat(java.util.Arrays.stream(hits).mapToObj(i -> CONTENT.detections().get(i).name()))
                .containsExactly("Clipboard Read With PowerShell");
        byte[] raw = "{\"ScriptBlockText\":\"get-clipboard\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(CONTENT.prefilter().mayMatch(raw, 0, raw.length, new byte[] {'\\', 'u'})).isTrue();
        byte[] other = "{\"ScriptBlockText\":\"Get-ChildItem\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(CONTENT.prefilter().mayMatch(other, 0, other.length, new byte[] {'\\', 'u'})).isFalse();
    }

    private static String searchOf(String file) {
        return CONTENT.skipped().stream().filter(s -> s.file().equals(file)).findFirst().map(s -> {
            try {
                Object yaml = YamlTree.read(fixture(file), ContentLimits.DEFAULT);
                return YamlValues.of(yaml, "x").text("search");
            } catch (MalformedContentException e) {
                throw new AssertionError(e);
            }
        }).orElseThrow();
    }

    static byte[] fixture(String relative) {
        try {
            return Files.readAllBytes(TestContent.folder().resolve(relative));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void copyContent(Path target) throws IOException {
        Path source = TestContent.folder();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path path : files.toList()) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
        }
    }
}
