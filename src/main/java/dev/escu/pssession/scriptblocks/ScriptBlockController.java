package dev.escu.pssession.scriptblocks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.escu.pssession.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Script blocks", description = "Script blocks PowerShell logged in several parts, reassembled (role analyst)")
class ScriptBlockController {

    private final JdbcClient jdbc;
    private final ScriptBlocks blocks;

    ScriptBlockController(JdbcClient jdbc, ScriptBlocks blocks) {
        this.jdbc = jdbc;
        this.blocks = blocks;
    }

    /** What is known of a block before its parts are read. */
    private record Known(int total, String firstSeen, String judgedAt, Boolean complete, String verdict) {
    }

    @GetMapping("/api/v1/script-blocks/{scriptBlockId}")
    @Operation(operationId = "getScriptBlock", summary = "A split script block, reassembled",
            description = "A script block that PowerShell logged in several 4104 events (MessageNumber of MessageTotal): "
                    + "the parts received, those missing, whether it is complete, whether and how the hardened rule judged "
                    + "it, and its text (the parts present, in order).")
    @Transactional(readOnly = true)
    Map<String, Object> get(@Parameter(description = "the ScriptBlockId of its 4104 events",
            example = "0e4f6a8b-1c2d-4e3f-8a9b-0c1d2e3f4a5b") @PathVariable String scriptBlockId) {
        Known known = jdbc.sql("""
                        SELECT message_total, first_seen, judged_at, complete, verdict FROM script_block
                        WHERE script_block_id = :id""")
                .param("id", scriptBlockId)
                .query((rs, n) -> new Known(rs.getInt("message_total"), rs.getTimestamp("first_seen").toInstant().toString(),
                        rs.getTimestamp("judged_at") == null ? null : rs.getTimestamp("judged_at").toInstant().toString(),
                        (Boolean) rs.getObject("complete"), rs.getString("verdict")))
                .optional()
                .orElseThrow(() -> ApiProblem.notFound("No script block " + scriptBlockId + " in several parts has been received."));
        List<ScriptBlocks.Part> parts = blocks.parts(scriptBlockId, known.total());
        List<Integer> present = parts.stream().map(ScriptBlocks.Part::messageNumber).toList();
        List<Integer> missing = new ArrayList<>();
        for (int n = 1; n <= known.total(); n++) {
            if (!present.contains(n)) {
                missing.add(n);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("scriptBlockId", scriptBlockId);
        body.put("messageTotal", known.total());
        body.put("partsPresent", present);
        body.put("partsMissing", missing);
        body.put("complete", missing.isEmpty());
        body.put("firstSeen", known.firstSeen());
        Map<String, Object> judgement = new LinkedHashMap<>();
        judgement.put("judgedAt", known.judgedAt());
        judgement.put("onCompleteBlock", known.complete());
        judgement.put("verdict", known.verdict());
        body.put("judgement", judgement);
        body.put("parts", parts.stream().map(part -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("MessageNumber", part.messageNumber());
            row.put("_time", part.time().toString());
            row.put("dest", part.fields().get("dest"));
            row.put("length", part.text().length());
            return row;
        }).toList());
        body.put("text", new ScriptBlocks.Block(scriptBlockId, known.total(), parts, missing.isEmpty()).text());
        return body;
    }
}
