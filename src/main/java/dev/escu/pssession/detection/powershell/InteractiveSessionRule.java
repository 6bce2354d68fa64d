package dev.escu.pssession.detection.powershell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.escu.pssession.detection.BlockPosition;
import dev.escu.pssession.detection.NativeRule;
import dev.escu.pssession.detection.SplunkFields;
import dev.escu.pssession.detection.WindowsEvent;

/**
 * The hardened companion rule (spec/HARDENED.md): a script block is kept when its executable code opens
 * an interactive session on another endpoint ({@link RemoteSessionAnalyzer}). A part of a block that
 * PowerShell logged in several events is not judged alone: the block is judged once, reassembled
 * ({@link #judgeWhole}).
 */
public final class InteractiveSessionRule implements NativeRule {

    /** The companion detection's id. */
    public static final String DETECTION_ID = "079dc90d-c7e1-4f5a-8298-2c309483de87";

    /** The companion detection's bundled ESCU-format file. */
    public static final String BUNDLED_FILE =
            "escu/detections/endpoint/interactive_session_on_remote_endpoint_with_powershell_hardened.yml";

    @Override
    public Optional<Map<String, Object>> judge(WindowsEvent event) {
        if (isPartOfSplitBlock(event)) {
            return Optional.empty();
        }
        return evidence(RemoteSessionAnalyzer.judge(event.field(SplunkFields.SCRIPT_BLOCK_TEXT)), false, true);
    }

    @Override
    public boolean mayConcern(byte[] bytes, int offset, int length) {
        return InteractiveSessionBytes.mayConcern(bytes, offset, length);
    }

    @Override
    public List<String> alwaysConcerned() {
        return InteractiveSessionBytes.ALWAYS_CONCERNED;
    }

    /**
     * A reassembled block: the text of its parts in order.
     *
     * @param complete whether every part was there (else it was judged on what came after the wait)
     */
    @Override
    public boolean judgesWhole(WindowsEvent event) {
        return isPartOfSplitBlock(event);
    }

    @Override
    public Optional<Map<String, Object>> judgeWhole(String text, boolean complete) {
        return evidence(RemoteSessionAnalyzer.judge(text), true, complete);
    }

    /** Whether the event is one of several parts of a script block ({@link BlockPosition}). */
    public static boolean isPartOfSplitBlock(WindowsEvent event) {
        return BlockPosition.of(event).isPresent();
    }

    private static Optional<Map<String, Object>> evidence(Judgement judgement, boolean reassembled, boolean complete) {
        if (!judgement.flagged()) {
            return Optional.empty();
        }
        Evidence first = judgement.evidence().get(0);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("command", first.commandAsWritten());
        evidence.put("parameterSet", first.parameterSet());
        evidence.put("target", first.target());
        evidence.put("reassembled", reassembled);
        if (reassembled) {
            evidence.put("complete", complete);
        }
        if (judgement.evidence().size() > 1) {
            evidence.put("calls", judgement.evidence().stream().map(InteractiveSessionRule::call).toList());
        }
        return Optional.of(evidence);
    }

    private static Map<String, Object> call(Evidence e) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("command", e.commandAsWritten());
        call.put("parameterSet", e.parameterSet());
        call.put("target", e.target());
        call.put("offset", e.offset());
        return call;
    }

    /** The rules bundled detections apply, by detection id. */
    public static Map<String, NativeRule> bundled() {
        return Map.of(DETECTION_ID, new InteractiveSessionRule());
    }
}
