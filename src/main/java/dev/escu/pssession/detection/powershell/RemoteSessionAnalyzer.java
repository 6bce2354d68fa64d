package dev.escu.pssession.detection.powershell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides whether a PowerShell script block's executable code opens an interactive session on
 * another endpoint with Enter-PSSession, and says where and how.
 *
 * <p>Own reader, not a library: Maven Central has no maintained PowerShell parser for Java (no
 * ANTLR PowerShell grammar artifact), and the question needs only PowerShell's tokenizer rules and
 * a small part of its parser and parameter binder, which {@link ScriptBlockReader} and
 * {@link SessionBinder} follow from PowerShell's source.
 *
 * <p>Code is what PowerShell would run: statements at any depth, inside functions, script blocks,
 * groups and the {@code $(...)} of expandable strings. Not code: comments (comment-based help
 * included), string and here-string text, arguments of other commands ({@code Get-Help
 * Enter-PSSession}), a function's name where it is defined. Text evaluated at run time
 * ({@code Invoke-Expression 'etsn srv'}, {@code [scriptblock]::Create(...)}) is logged by
 * PowerShell as a script block of its own when it runs, and is judged there.
 *
 * <p>Thread-safe and stateless; {@link #judge} reads the block once, in time linear in its length.
 */
public final class RemoteSessionAnalyzer {

    private static final char[] SESSION_WORD = "PSSESSION".toCharArray();
    private static final char[] ALIAS = "ETSN".toCharArray();

    private RemoteSessionAnalyzer() {
    }

    /**
     * A cheap necessary condition for {@link #judge} to flag the text: false only when no
     * spelling of the command can occur in it. One pass, no allocation.
     *
     * <p>Why it is necessary: {@link #judge} flags only an invocation whose command name, as
     * PowerShell reads it, folds (character by character to upper case, as
     * {@link CommandNames#isEnterPSSession} compares) to {@code ENTER-PSSESSION} or {@code ETSN},
     * optionally after {@code MICROSOFT.POWERSHELL.CORE\}; each contains {@code PSSESSION} or
     * {@code ETSN}. Reading a name (a bare word, a quoted string, or a string assigned to the
     * variable of {@code & $c}) keeps each letter of it from a character of the text, and drops
     * only quote characters (a bare word may hold quoted pieces: {@code Enter-PS'Session'}) and
     * backticks ({@code `N} is N) between them; the one exception is PowerShell 7's
     * {@code `u{...}} escape, which makes a letter from hex digits. So if the text, with every
     * quote character and backtick removed, holds neither word after folding, and holds no
     * {@code `u{}, no name can fold to one of them.
     */
    public static boolean mayInvoke(CharSequence text) {
        if (text == null) {
            return false;
        }
        int word = 0;
        int alias = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c == '`') {
                if (i + 2 < n && text.charAt(i + 1) == 'u' && text.charAt(i + 2) == '{') {
                    return true;
                }
                continue;
            }
            if (PowerShellChars.isQuote(c)) {
                continue;
            }
            char folded = PowerShellChars.fold(c);
            // Both words start with a letter found nowhere else in them, so on a mismatch the
            // match can only restart at this character.
            word = folded == SESSION_WORD[word] ? word + 1 : (folded == 'P' ? 1 : 0);
            alias = folded == ALIAS[alias] ? alias + 1 : (folded == 'E' ? 1 : 0);
            if (word == SESSION_WORD.length || alias == ALIAS.length) {
                return true;
            }
        }
        return false;
    }

    /**
     * Judges one script block (reassembled when PowerShell logged it in parts): FLAGGED when its
     * executable code invokes Enter-PSSession with a target, with one {@link Evidence} per such
     * invocation; NOT_FLAGGED otherwise; UNJUDGED when the block nests deeper than the reader
     * follows and nothing before that point opens a session. Never throws on any text.
     */
    public static Judgement judge(String scriptBlockText) {
        if (scriptBlockText == null || !mayInvoke(scriptBlockText)) {
            return new Judgement(Verdict.NOT_FLAGGED, "no spelling of Enter-PSSession or etsn in the text", List.of());
        }
        return judgeCode(scriptBlockText);
    }

    /** {@link #judge} without the pre-filter, for tests that check the pre-filter against it. */
    static Judgement judgeCode(String text) {
        ScriptFacts facts = ScriptBlockReader.read(text);
        List<Evidence> evidence = new ArrayList<>();
        String rejected = null;
        String untargeted = null;
        for (CommandCall call : facts.calls()) {
            if (call.nameVariable() != null && !facts.namesEnterPSSession(call.nameVariable())) {
                continue;
            }
            SessionBinder.Binding binding = SessionBinder.bind(call, facts);
            switch (binding.outcome()) {
                case TARGET -> evidence.add(new Evidence(call.asWritten(), binding.parameterSet(), binding.target(), call.offset()));
                case REJECTED -> rejected = rejected != null ? rejected
                        : "Enter-PSSession at offset " + call.offset() + ": " + binding.detail();
                case NO_TARGET -> untargeted = untargeted != null ? untargeted
                        : "Enter-PSSession at offset " + call.offset() + " names no target: PowerShell prompts for one";
            }
        }
        evidence.sort(Comparator.comparingInt(Evidence::offset));
        if (!evidence.isEmpty()) {
            return new Judgement(Verdict.FLAGGED, describe(evidence, facts), evidence);
        }
        if (facts.stoppedAt() >= 0) {
            return new Judgement(Verdict.UNJUDGED, "not read to the end: " + facts.stopReason(), List.of());
        }
        if (rejected != null) {
            return new Judgement(Verdict.NOT_FLAGGED, rejected, List.of());
        }
        if (untargeted != null) {
            return new Judgement(Verdict.NOT_FLAGGED, untargeted, List.of());
        }
        return new Judgement(Verdict.NOT_FLAGGED,
                "Enter-PSSession is named only outside executable code (comments, strings, arguments, definitions)", List.of());
    }

    private static String describe(List<Evidence> evidence, ScriptFacts facts) {
        Evidence first = evidence.get(0);
        StringBuilder reason = new StringBuilder("opens a remote session: ").append(first.commandAsWritten())
                .append(" with ").append(first.parameterSet());
        if (first.target() != null) {
            reason.append(' ').append(first.target());
        }
        reason.append(" at offset ").append(first.offset());
        if (evidence.size() > 1) {
            reason.append(" and ").append(evidence.size() - 1).append(" more");
        }
        if (facts.stoppedAt() >= 0) {
            reason.append(" (read up to offset ").append(facts.stoppedAt()).append(": ").append(facts.stopReason()).append(')');
        }
        return reason.toString();
    }
}
