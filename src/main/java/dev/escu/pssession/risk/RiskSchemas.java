package dev.escu.pssession.risk;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The OpenAPI shapes of the risk rows. The rows are maps, written in the column order of the search
 * they mirror (Splunk's names hold spaces and an ampersand); these records only describe them.
 */
final class RiskSchemas {

    private RiskSchemas() {
    }

    @Schema(name = "RiskSummaryRow", description = "Drilldown 2's row for one risk object: stats count min(_time) max(_time) "
            + "values(...) by normalized_risk_object; the values() are distinct and sorted by UTF-8 bytes.")
    record SummaryRow(
            @JsonProperty("normalized_risk_object") @Schema(example = "laptop-adm-11.contoso.local") String normalizedRiskObject,
            @Schema(description = "risk events in the window", example = "2") long count,
            @Schema(description = "earliest risk event, ctime", example = "2026-03-02T08:14:55") String firstTime,
            @Schema(description = "latest risk event, ctime", example = "2026-03-02T10:01:44") String lastTime,
            @JsonProperty("Search Name") List<String> searchName,
            @JsonProperty("Risk Message") List<String> riskMessage,
            @JsonProperty("Analytic Stories") List<String> analyticStories,
            @JsonProperty("Annotations") @Schema(description = "values(annotations._all)") List<String> annotations,
            @JsonProperty("ATT&CK Tactics") @Schema(description = "values(annotations.mitre_attack.mitre_tactic)")
            List<String> tactics) {
    }

    @Schema(name = "RiskEvent", description = "A risk event, with the fields of Splunk's Risk data model")
    record RiskEvent(
            @Schema(description = "this event's position in the feed: pass the last one as `after`", example = "812-41")
            String cursor,
            @JsonProperty("_time") @Schema(description = "the matched event's time (ISO-8601)",
                    example = "2026-03-02T08:14:55.417203Z") String time,
            @JsonProperty("risk_object") @Schema(example = "LAPTOP-ADM-11.contoso.local") String riskObject,
            @JsonProperty("risk_object_type") @Schema(example = "system") String riskObjectType,
            @JsonProperty("normalized_risk_object") @Schema(example = "laptop-adm-11.contoso.local") String normalizedRiskObject,
            @JsonProperty("risk_score") @Schema(example = "50") int riskScore,
            @JsonProperty("risk_message") String riskMessage,
            @JsonProperty("search_name") @Schema(example = "ESCU - Interactive Session on Remote Endpoint with PowerShell - Rule")
            String searchName,
            List<String> analyticstories,
            @Schema(description = "the detection's annotations (analytic_story, mitre_attack, mitre_tactic, cis20, nist, "
                    + "kill_chain_phases, type) and _all, their values together") Map<String, Object> annotations,
            @JsonProperty("threat_object") @Schema(description = "only when the detection names threat objects")
            List<String> threatObject,
            @JsonProperty("threat_object_type") @Schema(description = "the type of each threat_object, in the same order")
            List<String> threatObjectType,
            @JsonProperty("detection_id") @Schema(example = "a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af") String detectionId,
            @JsonProperty("finding_id") @Schema(description = "the finding the event came from", example = "1") long findingId) {
    }
}
