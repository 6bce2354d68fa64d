package dev.escu.pssession.findings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.escu.pssession.detection.Ctime;
import dev.escu.pssession.detection.DetectionDefinition;

/**
 * Renders result rows as Splunk returns them: the group-by fields under their Splunk names, then
 * {@code count} (an integer) and {@code firstTime}/{@code lastTime} in ctime format.
 */
@Component
class ResultRows {

    private final Ctime ctime;

    ResultRows(Ctime ctime) {
        this.ctime = ctime;
    }

    Map<String, Object> row(DetectionDefinition detection, List<String> groupValues, long count,
                            Instant firstTime, Instant lastTime) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < detection.groupBy().size(); i++) {
            row.put(detection.groupBy().get(i), groupValues.get(i));
        }
        row.put("count", count);
        row.put("firstTime", ctime.format(firstTime));
        row.put("lastTime", ctime.format(lastTime));
        return row;
    }

    /** A findings row: the result row, its ids, and its two drilldowns, addressed by the finding's id. */
    Map<String, Object> findingRow(DetectionDefinition detection, FindingsList.StoredFinding finding) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("finding_id", finding.id());
        row.put("detection_id", detection.id());
        row.putAll(row(detection, finding.groupValues(), finding.count(), finding.firstTime(), finding.lastTime()));
        row.put("drilldowns", drilldowns(detection, finding));
        return row;
    }

    // Splunk passes the search's time range ($info_min_time$, $info_max_time$): here the finding's own,
    // in whole seconds, so that every one of its events falls inside
    static Instant rangeStart(FindingsList.StoredFinding finding) {
        return Instant.ofEpochSecond(finding.firstTime().getEpochSecond());
    }

    static Instant rangeEnd(FindingsList.StoredFinding finding) {
        return Instant.ofEpochSecond(finding.lastTime().getEpochSecond() + 1);
    }

    // Links by the finding's id work for any value the service accepted: a dest of thousands of
    // characters would not fit in a request line.
    private static List<Map<String, String>> drilldowns(DetectionDefinition detection, FindingsList.StoredFinding finding) {
        List<Map<String, String>> links = new ArrayList<>();
        for (DetectionDefinition.DrilldownDefinition drilldown : detection.drilldowns()) {
            String href = switch (drilldown.kind()) {
                case "results" -> "/api/v1/findings/" + finding.id() + "/results";
                case "risk-summary" -> "/api/v1/findings/" + finding.id() + "/risk-summary";
                default -> null;
            };
            Map<String, String> link = new LinkedHashMap<>();
            link.put("name", drilldown.name().replace("$dest$", finding.dest()));
            if (href != null) {
                link.put("href", href);
            }
            links.add(link);
        }
        return links;
    }
}
