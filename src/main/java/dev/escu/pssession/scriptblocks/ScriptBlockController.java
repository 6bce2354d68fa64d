package dev.escu.pssession.scriptblocks;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.escu.pssession.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Script blocks", description = "Script blocks PowerShell logged in several parts, reassembled (role analyst)")
class ScriptBlockController {

    private final ScriptBlocks blocks;

    ScriptBlockController(ScriptBlocks blocks) {
        this.blocks = blocks;
    }

    /** A split script block as the API shows it. */
    record ScriptBlockView(@JsonProperty("ScriptBlockId") @Schema(example = "0e4f6a8b-1c2d-4e3f-8a9b-0c1d2e3f4a5b")
                           String scriptBlockId,
                           @JsonProperty("MessageTotal") @Schema(description = "MessageTotal of its events", example = "3")
                           int messageTotal,
                           @Schema(description = "the MessageNumbers received") List<Integer> partsPresent,
                           @Schema(description = "the MessageNumbers not received") List<Integer> partsMissing,
                           @Schema(description = "whether every part was received") boolean complete,
                           @Schema(description = "whether parts were still missing when the wait ran out, so the block was "
                                   + "judged on the parts that came") boolean timedOut,
                           @Schema(description = "when its first part was received (ISO-8601)") String firstSeen,
                           Judgement judgement,
                           List<PartView> parts,
                           @Schema(description = "the parts present, in order, joined") String text) {
    }

    /** Whether and how the hardened rule judged the block. */
    record Judgement(@Schema(description = "when it was judged (ISO-8601); null while it waits for parts",
                             types = {"string", "null"}) String judgedAt,
                     @Schema(description = "whether it was judged whole, or after the wait on the parts that came",
                             types = {"boolean", "null"}) Boolean onCompleteBlock,
                     @Schema(description = "the hardened rule's verdict", types = {"string", "null"}) String verdict) {
    }

    /** One received part. */
    record PartView(@JsonProperty("MessageNumber") @Schema(example = "1") int messageNumber,
                    @JsonProperty("_time") @Schema(description = "the event's time (ISO-8601)") String time,
                    @Schema(example = "LAPTOP-ADM-11.contoso.local") String dest,
                    @Schema(description = "characters of ScriptBlockText in this part") int length) {
    }

    @GetMapping("/api/v1/script-blocks/{scriptBlockId}")
    @Operation(operationId = "getScriptBlock", summary = "A split script block, reassembled",
            description = "A script block that PowerShell logged in several 4104 events (MessageNumber of MessageTotal): "
                    + "the parts received, those missing, whether it is complete, whether and how the hardened rule judged "
                    + "it, and its text (the parts present, in order).")
    @Transactional(readOnly = true)
    ScriptBlockView get(@Parameter(description = "the ScriptBlockId of its 4104 events",
            example = "0e4f6a8b-1c2d-4e3f-8a9b-0c1d2e3f4a5b") @PathVariable String scriptBlockId) {
        ScriptBlocks.Received known = blocks.received(scriptBlockId).orElseThrow(() -> ApiProblem.notFound(
                "No script block " + scriptBlockId + " in several parts has been received."));
        List<ScriptBlocks.Part> parts = blocks.parts(scriptBlockId, known.total());
        List<Integer> present = parts.stream().map(ScriptBlocks.Part::messageNumber).toList();
        BitSet received = new BitSet();
        present.forEach(received::set);
        List<Integer> missing = new ArrayList<>();
        for (int n = received.nextClearBit(1); n <= known.total(); n = received.nextClearBit(n + 1)) {
            missing.add(n);
        }
        return new ScriptBlockView(scriptBlockId, known.total(), present, missing, missing.isEmpty(),
                known.timedOut(), known.firstSeen().toString(),
                new Judgement(known.judgedAt() == null ? null : known.judgedAt().toString(), known.complete(), known.verdict()),
                parts.stream().map(part -> new PartView(part.messageNumber(), part.time().toString(),
                        part.fields().get("dest"), part.text().length())).toList(),
                new ScriptBlocks.Block(scriptBlockId, known.total(), parts, missing.isEmpty()).text());
    }
}
