package dev.escu.pssession.catalog;

import java.util.List;
import java.util.Map;

import dev.escu.pssession.detection.ResultRow;
import dev.escu.pssession.detection.escu.Drilldown;
import dev.escu.pssession.detection.escu.EscuDetection;
import dev.escu.pssession.detection.escu.Rba;
import dev.escu.pssession.detection.escu.RiskObject;
import dev.escu.pssession.detection.escu.SkippedDetection;
import dev.escu.pssession.detection.escu.ThreatObject;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The catalogue's rows. A page mixes running and skipped rows ({@link Row}), which the document
 * describes as one {@link CatalogRow}; a detail is a running row's fields and more, written in the
 * same order ({@link DetectionDetail}).
 */
final class CatalogSchemas {

    private CatalogSchemas() {
    }

    /** A row of a catalogue page: a running detection or a skipped content file. */
    sealed interface Row permits RunningRow, SkippedRow {
    }

    /** A running detection's row, in the order {@link CatalogRow} documents. */
    record RunningRow(String status, String id, String name, int version, String type, String file, boolean posted,
                      String searchName, List<String> mitre, List<String> analyticStories, RiskBasedAlerting rba)
            implements Row {

        static RunningRow of(EscuDetection d, boolean posted) {
            return new RunningRow("running", d.id(), d.name(), d.version(), d.type(), d.file(), posted, d.searchName(),
                    d.tags().mitreAttackIds(), d.tags().analyticStories(), RiskBasedAlerting.of(d.rba()));
        }
    }

    /** A content file that does not run: file, id, name, reason and position only. */
    record SkippedRow(String status, String file, String id, String name, String reason, Integer position) implements Row {

        static SkippedRow of(SkippedDetection s) {
            return new SkippedRow("skipped", s.file(), s.id(), s.name(), s.reason(), s.position());
        }
    }

    /** Only describes {@link Row} in the document: the fields of both kinds, saying which has which. */
    @Schema(name = "CatalogRow", description = "A row of the catalogue: a running detection (status running), or a "
            + "content file that does not run (status skipped: file, id, name, reason and position only)")
    record CatalogRow(
            @Schema(allowableValues = {"running", "skipped"}) String status,
            @Schema(description = "the detection's id; null for a file whose id cannot be read",
                    types = {"string", "null"}, example = "a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af") String id,
            @Schema(types = {"string", "null"}, example = "Interactive Session on Remote Endpoint with PowerShell")
            String name,
            @Schema(description = "running only", example = "13") int version,
            @Schema(description = "running only", example = "TTP") String type,
            @Schema(description = "the content file, or posted: for one posted over the API",
                    example = "classpath:escu/detections/endpoint/interactive_session_on_remote_endpoint_with_powershell.yml")
            String file,
            @Schema(description = "running only: whether it was posted over the API (and may be deleted)") boolean posted,
            @Schema(description = "running only", example = "ESCU - Interactive Session on Remote Endpoint with PowerShell - Rule")
            String searchName,
            @Schema(description = "running only: MITRE ATT&CK technique ids") List<String> mitre,
            @Schema(description = "running only") List<String> analyticStories,
            @Schema(description = "running only") RiskBasedAlerting rba,
            @Schema(description = "skipped only: why it does not run", example = "the search reads no PowerShell 4104 events")
            String reason,
            @Schema(description = "skipped only: the position in the search that cannot run, when there is one",
                    types = {"integer", "null"}) Integer position) {
    }

    @Schema(name = "RiskBasedAlerting", description = "The detection's rba: its risk message and objects")
    record RiskBasedAlerting(
            @Schema(example = "An interactive session was opened on a remote endpoint from $dest$") String message,
            List<RiskObject> riskObjects,
            List<ThreatObject> threatObjects) {

        static RiskBasedAlerting of(Rba rba) {
            return new RiskBasedAlerting(rba.message(), rba.riskObjects(), rba.threatObjects());
        }
    }

    @Schema(name = "DetectionDetail", description = "A running detection, with its search and all it says of itself")
    record DetectionDetail(
            @Schema(allowableValues = "running") String status,
            @Schema(example = "a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af") String id,
            @Schema(example = "Interactive Session on Remote Endpoint with PowerShell") String name,
            @Schema(example = "13") int version,
            @Schema(example = "TTP") String type,
            String file,
            boolean posted,
            String searchName,
            List<String> mitre,
            List<String> analyticStories,
            RiskBasedAlerting rba,
            @Schema(example = "2026-03-10") String date,
            String author,
            String description,
            List<String> dataSources,
            @Schema(description = "the SPL search as written") String search,
            @Schema(description = "the BY fields of its stats, in order") List<String> resultFields,
            @Schema(description = "the columns of its result rows, in order") List<String> columns,
            List<Drilldown> drilldowns,
            String howToImplement,
            String knownFalsePositives,
            List<String> references,
            @Schema(description = "the tags of its YAML document, as written") Map<String, Object> tags) {

        static DetectionDetail of(EscuDetection d, boolean posted) {
            RunningRow row = RunningRow.of(d, posted);
            return new DetectionDetail(row.status(), row.id(), row.name(), row.version(), row.type(), row.file(),
                    row.posted(), row.searchName(), row.mitre(), row.analyticStories(), row.rba(), d.date(), d.author(),
                    d.description(), d.dataSources(), d.searchText(), ResultRow.fieldsOf(d), d.search().outputColumns(),
                    d.drilldowns(), d.howToImplement(), d.knownFalsePositives(), d.references(), d.tags().raw());
        }
    }
}
