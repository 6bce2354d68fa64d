package dev.escu.pssession.findings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.escu.pssession.detection.Ctime;
import dev.escu.pssession.detection.ResultKey;
import dev.escu.pssession.detection.ResultRow;
import dev.escu.pssession.detection.escu.Drilldown;
import dev.escu.pssession.detection.escu.EscuDetection;
import dev.escu.pssession.detection.spl.StatsBy;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders result rows as Splunk returns them: the detection's output columns in its order (its BY
 * fields under their final names, then {@code count} as an integer and {@code firstTime}/{@code lastTime}
 * in ctime format, or as epoch seconds when the search does not convert them).
 */
@Component
record ResultRows(Ctime ctime, ResultColumns columns, JsonMapper json) {

    Map<String, Object> row(EscuDetection detection, List<String> groupValues, long count, Instant firstTime,
                            Instant lastTime) {
        List<String> names = detection.search().outputColumns();
        List<String> values = detection.search().row(groupValues, count, firstTime, lastTime, ctime);
        List<StatsBy.Aggregate> aggregates = detection.search().stats().aggregates();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            int aggregate = i - groupValues.size();
            boolean isCount = aggregate >= 0 && aggregates.get(aggregate).function() == StatsBy.Function.COUNT;
            row.put(names.get(i), isCount ? (Object) count : values.get(i));
        }
        return row;
    }

    /**
     * A findings row: its ids, the result row, and its drilldowns, addressed by the finding's id.
     *
     * @param detection the detection, when it still runs with the columns the finding was stored under
     */
    Map<String, Object> findingRow(Optional<EscuDetection> detection, FindingsList.StoredFinding finding) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("finding_id", finding.id());
        row.put("detection_id", finding.detectionId());
        if (detection.isPresent()) {
            row.putAll(row(detection.get(), finding.groupValues(), finding.count(), finding.firstTime(), finding.lastTime()));
            row.put("drilldowns", drilldowns(detection.get(), finding));
        } else {
            // a retired detection, or an earlier version's columns: the stored names, times as ctime
            List<String> names = columns.fields(finding.columnsId());
            for (int i = 0; i < names.size(); i++) {
                row.put(names.get(i), finding.groupValues().get(i));
            }
            row.put("count", finding.count());
            row.put("firstTime", ctime.format(finding.firstTime()));
            row.put("lastTime", ctime.format(finding.lastTime()));
            row.put("drilldowns", List.of());
        }
        if (finding.evidence() != null) {
            row.put("evidence", json.readValue(finding.evidence(), Map.class));
        }
        return row;
    }

    /** The names of a findings row's result columns, in order, for findings stored under {@code columnsId}. */
    List<String> columnNames(Optional<EscuDetection> detection, int columnsId) {
        Optional<EscuDetection> same = sameColumns(detection, columnsId);
        if (same.isPresent()) {
            return same.get().search().outputColumns();
        }
        List<String> names = new ArrayList<>(columns.fields(columnsId));
        names.addAll(List.of("count", "firstTime", "lastTime"));
        return names;
    }

    /** The detection, when it runs with the columns this finding was stored under. */
    Optional<EscuDetection> sameColumns(Optional<EscuDetection> detection, FindingsList.StoredFinding finding) {
        return sameColumns(detection, finding.columnsId());
    }

    private Optional<EscuDetection> sameColumns(Optional<EscuDetection> detection, int columnsId) {
        return detection.filter(d -> ResultRow.fieldsOf(d).equals(columns.fields(columnsId)));
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
    private static List<Map<String, String>> drilldowns(EscuDetection detection, FindingsList.StoredFinding finding) {
        Map<String, String> fields = new ResultRow(detection, new ResultKey(finding.groupValues())).fields();
        List<Map<String, String>> links = new ArrayList<>();
        for (Drilldown drilldown : detection.drilldowns()) {
            String href = switch (drilldown.kind()) {
                case RESULTS -> "/api/v1/findings/" + finding.id() + "/results";
                case RISK_SUMMARY -> "/api/v1/findings/" + finding.id() + "/risk-summary";
                case OTHER -> null;
            };
            Map<String, String> link = new LinkedHashMap<>();
            link.put("name", drilldown.nameFor(fields));
            if (href != null) {
                link.put("href", href);
            }
            links.add(link);
        }
        return links;
    }
}
