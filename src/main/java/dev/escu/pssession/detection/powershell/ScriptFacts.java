package dev.escu.pssession.detection.powershell;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What reading a block found: the invocations that may be Enter-PSSession, and what the block does
 * with its variables (so that {@code @p}, {@code $s} and {@code & $c} can be resolved afterwards,
 * wherever in the block the assignment stands).
 */
final class ScriptFacts {

    private final List<CommandCall> calls;
    private final Map<String, VariableUse> variables;
    private final int stoppedAt;
    private final String stopReason;

    private ScriptFacts(List<CommandCall> calls, Map<String, VariableUse> variables, int stoppedAt, String stopReason) {
        this.calls = List.copyOf(calls);
        this.variables = variables;
        this.stoppedAt = stoppedAt;
        this.stopReason = stopReason;
    }

    List<CommandCall> calls() {
        return calls;
    }

    /** The offset where reading stopped before the end of the block, or -1 when it was read to the end. */
    int stoppedAt() {
        return stoppedAt;
    }

    String stopReason() {
        return stopReason;
    }

    /**
     * The entries of the hashtable {@code @name} splats, when the block assigns it only hashtable
     * literals with literal keys and never touches it otherwise (no member or index access, no
     * other assignment, not a parameter or loop variable); empty when its content cannot be known.
     */
    Optional<List<HashtableLiteral.Entry>> splatContent(String name) {
        VariableUse use = variables.get(normalize(name));
        if (use == null || use.tables.isEmpty() || use.touched()) {
            return Optional.empty();
        }
        List<HashtableLiteral.Entry> entries = new ArrayList<>();
        for (HashtableLiteral table : use.tables) {
            if (!table.allKeysLiteral()) {
                return Optional.empty();
            }
            entries.addAll(table.entries());
        }
        return Optional.of(entries);
    }

    /** Whether the block assigns the variable the result of New-PSSession, Get-PSSession or Connect-PSSession. */
    boolean holdsSession(String name) {
        VariableUse use = variables.get(normalize(name));
        return use != null && use.sessions > 0;
    }

    /** Whether any string literal assigned to the variable names Enter-PSSession (for {@code & $c}). */
    boolean namesEnterPSSession(String name) {
        VariableUse use = variables.get(normalize(name));
        if (use == null) {
            return false;
        }
        for (String value : use.strings) {
            if (CommandNames.isEnterPSSession(value)) {
                return true;
            }
        }
        return false;
    }

    /** Variable names compare case-insensitively, and a scope prefix names the same variable. */
    static String normalize(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String scope : new String[] {"global:", "script:", "local:", "private:", "using:", "variable:"}) {
            if (lower.startsWith(scope)) {
                return lower.substring(scope.length());
            }
        }
        return lower;
    }

    private static final class VariableUse {
        final List<HashtableLiteral> tables = new ArrayList<>();
        final List<String> strings = new ArrayList<>();
        int sessions;
        int otherWrites;
        boolean accessed;
        boolean declared;

        boolean touched() {
            return accessed || declared || otherWrites > 0 || sessions > 0 || !strings.isEmpty();
        }
    }

    /** Collects facts while the reader walks the block. */
    static final class Builder {
        private final List<CommandCall> calls = new ArrayList<>();
        private final Map<String, VariableUse> variables = new HashMap<>();
        private int stoppedAt = -1;
        private String stopReason;

        void call(CommandCall call) {
            calls.add(call);
        }

        void assign(String variable, Shape value) {
            VariableUse use = use(variable);
            switch (value.kind()) {
                case HASHTABLE -> use.tables.add(value.table());
                case STRING -> use.strings.add(value.literal());
                case SESSION -> use.sessions++;
                default -> use.otherWrites++;
            }
        }

        void otherWrite(String variable) {
            use(variable).otherWrites++;
        }

        void access(String variable) {
            use(variable).accessed = true;
        }

        void declare(String variable) {
            use(variable).declared = true;
        }

        void stop(int offset, String reason) {
            stoppedAt = offset;
            stopReason = reason;
        }

        ScriptFacts build() {
            return new ScriptFacts(calls, variables, stoppedAt, stopReason);
        }

        private VariableUse use(String variable) {
            return variables.computeIfAbsent(normalize(variable), k -> new VariableUse());
        }
    }
}
