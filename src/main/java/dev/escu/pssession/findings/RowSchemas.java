package dev.escu.pssession.findings;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The OpenAPI shapes of the rows this module answers with. The rows themselves are maps, for each
 * detection has its own columns (its BY fields, then its aggregates); these records only describe
 * them in the document: the seed detection's columns by name, other detections' columns as
 * additional properties.
 */
final class RowSchemas {

    private RowSchemas() {
    }

    @Schema(name = "ResultRow", additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
            description = "One result row, with Splunk's field names: the detection's BY fields, then count, firstTime and "
                    + "lastTime (ctime). Listed are the columns of the seed detection (Interactive Session on Remote Endpoint "
                    + "with PowerShell); other detections' rows carry their own BY fields, as strings.")
    record ResultRow(
            @Schema(example = "BUILD-AGENT-4") String dest,
            @Schema(example = "Microsoft-Windows-PowerShell Execute a Remote Command") String signature,
            @JsonProperty("signature_id") @Schema(example = "4104") String signatureId,
            @JsonProperty("user_id") @Schema(example = "S-1-5-18") String userId,
            @JsonProperty("vendor_product") @Schema(example = "Microsoft Windows") String vendorProduct,
            @JsonProperty("EventID") @Schema(example = "4104") String eventId,
            @JsonProperty("Guid") @Schema(example = "{A0C1853B-5C40-4B15-8766-3CF1C58F985A}") String guid,
            @JsonProperty("Opcode") @Schema(example = "15") String opcode,
            @JsonProperty("Name") @Schema(example = "Microsoft-Windows-PowerShell") String name,
            @JsonProperty("Path") @Schema(description = "\"0\" when the event has none (fillnull)",
                    example = "D:\\agent\\scripts\\connect-all.ps1") String path,
            @JsonProperty("ProcessID") @Schema(example = "2210") String processId,
            @JsonProperty("ScriptBlockId") @Schema(example = "0e4f6a8b-1c2d-4e3f-8a9b-0c1d2e3f4a5b") String scriptBlockId,
            @JsonProperty("ScriptBlockText") @Schema(example = "Enter-PSSession -ComputerName $s -Credential $cred")
            String scriptBlockText,
            @Schema(description = "events in the group", example = "1") long count,
            @Schema(description = "earliest event of the group, ctime", example = "2026-03-02T09:40:13") String firstTime,
            @Schema(description = "latest event of the group, ctime", example = "2026-03-02T09:40:13") String lastTime) {
    }

    @Schema(name = "FindingRow", allOf = ResultRow.class, additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
            description = "One finding: its ids, its detection's result row (all-time count, firstTime and lastTime) and the "
                    + "links of its drilldowns. Listed are the columns of the seed detection; other detections' rows carry "
                    + "their own BY fields, as strings.")
    record FindingRow(
            @JsonProperty("finding_id") @Schema(example = "1") long findingId,
            @JsonProperty("detection_id") @Schema(example = "a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af") String detectionId,
            @Schema(description = "the detection's drilldowns, filled with this row's values") List<DrilldownLink> drilldowns,
            @Schema(description = "why the hardened companion rule matched (its findings only)")
            Map<String, Object> evidence) {
    }

    @Schema(name = "DrilldownLink", description = "A drilldown of a finding: its name as Splunk shows it, and where to read it")
    record DrilldownLink(
            @Schema(example = "View the detection results for - \"BUILD-AGENT-4\"") String name,
            @Schema(description = "absent for a drilldown this service does not answer", example = "/api/v1/findings/1/results")
            String href) {
    }
}
