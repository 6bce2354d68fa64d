package dev.escu.pssession.detection.escu;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.escu.pssession.detection.WindowsEvent;
import dev.escu.pssession.detection.spl.CompiledSearch;
import dev.escu.pssession.detection.spl.SearchMatcher;

/**
 * A rough timing (not a test: run its main by hand, with a security_content checkout as the first
 * argument) of the one-pass matcher against evaluating every detection's expression in turn, over
 * 4104 events with script blocks of a few kilobytes that mostly match nothing.
 */
public final class SearchMatcherTiming {

    private SearchMatcherTiming() {
    }

    public static void main(String[] args) {
        EscuContent content = new EscuLoader().load(Path.of(args.length > 0 ? args[0] : "/work/escu"));
        List<CompiledSearch> searches = content.detections().stream().map(EscuDetection::search).toList();
        SearchMatcher matcher = SearchMatcher.of(searches);
        List<WindowsEvent> events = events();
        long bytes = events.stream().mapToLong(e -> e.field("ScriptBlockText").length()).sum();
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            int hits = 0;
            for (WindowsEvent event : events) {
                hits += matcher.matching(event).length;
            }
            long onePass = System.nanoTime() - start;
            start = System.nanoTime();
            int naive = 0;
            for (WindowsEvent event : events) {
                for (CompiledSearch search : searches) {
                    if (search.keeps(event)) {
                        naive++;
                    }
                }
            }
            long each = System.nanoTime() - start;
            System.out.printf("%d detections, %d events, %d KB: one pass %.1f us/event (%d hits), each in turn %.1f us/event (%d hits)%n",
                    searches.size(), events.size(), bytes / 1024, onePass / 1000.0 / events.size(), hits, each / 1000.0 / events.size(), naive);
        }
    }

    private static List<WindowsEvent> events() {
        Random random = new Random(7);
        String[] words = {"Get-ChildItem", "Select-Object", "$env:TEMP", "Where-Object", "{", "}", "-Path", "C:\\Windows", "|", "foreach",
                "$_", "Write-Host", "\r\n", "Name", "Length", "Out-File", "-Encoding", "utf8", "\"text\"", "Invoke-WebRequest", "-Uri",
                "https://example.org/a", "New-Object", "Get-Process", "Start-Service", "mimikatz"};
        List<WindowsEvent> events = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 100 + random.nextInt(400); w > 0; w--) {
                text.append(words[random.nextInt(words.length)]).append(' ');
            }
            events.add(new WindowsEvent(Instant.EPOCH, Map.of("source", "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational",
                    "EventCode", "4104", "ScriptBlockText", text.toString(), "Computer", "WS-" + i)));
        }
        return events;
    }
}
