package dev.escu.pssession.detection.powershell;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.escu.pssession.detection.powershell.CommandArgument.Kind;
import dev.escu.pssession.detection.powershell.EnterPSSessionParameters.Parameter;
import dev.escu.pssession.detection.powershell.EnterPSSessionParameters.ParameterSet;
import dev.escu.pssession.detection.powershell.EnterPSSessionParameters.Resolution;

/**
 * Binds the arguments of one Enter-PSSession invocation as PowerShell would, far enough to say
 * whether it names a remote endpoint or session, and which.
 *
 * <p>Decisions where PowerShell's own answer depends on run-time values:
 * <ul>
 * <li>A positional {@code $variable} binds Session when the block assigns it from New-PSSession,
 *     Get-PSSession or Connect-PSSession, and ComputerName otherwise (a string, the default set,
 *     is what loops over server lists pass). Either way it is a target.</li>
 * <li>A splat {@code @p} whose content cannot be known counts as a target ("splatted"): a
 *     hashtable built elsewhere or {@code @PSBoundParameters} in a proxy function may name one.</li>
 * <li>No target at all ({@code Enter-PSSession} alone, or only options such as {@code -Credential})
 *     opens no remote session: PowerShell prompts for a computer name (or, interactively, enters a
 *     local session). Not a target. Pipeline input ({@code 'srv' | etsn}) is one.</li>
 * <li>A name that is ambiguous in every PowerShell edition makes PowerShell reject the call before
 *     it runs, so such a call opens nothing. A name no edition knows is skipped as a switch instead:
 *     a parameter added later must not hide a target.</li>
 * <li>A parameter missing its value is rejected too, unless the block ends there (a cut block):
 *     then what is there names the target.</li>
 * </ul>
 */
final class SessionBinder {

    enum Outcome { TARGET, NO_TARGET, REJECTED }

    record Binding(Outcome outcome, String parameterSet, String target, String detail) {
    }

    private static final List<ParameterSet> POSITIONAL_ORDER = List.of(ParameterSet.COMPUTER_NAME, ParameterSet.SSH_HOST,
            ParameterSet.SESSION, ParameterSet.ID, ParameterSet.URI, ParameterSet.VM_NAME, ParameterSet.VM_ID,
            ParameterSet.CONTAINER_ID);

    private SessionBinder() {
    }

    static Binding bind(CommandCall call, ScriptFacts facts) {
        List<CommandArgument> arguments = call.arguments();
        EnumSet<ParameterSet> possible = EnumSet.allOf(ParameterSet.class);
        Binding found = null;
        CommandArgument firstPositional = null;
        boolean endOfParameters = false;
        for (int i = 0; i < arguments.size(); i++) {
            CommandArgument argument = arguments.get(i);
            if (argument.kind() == Kind.END_OF_PARAMETERS && !endOfParameters) {
                endOfParameters = true;
                continue;
            }
            if (argument.kind() == Kind.PARAMETER && !endOfParameters) {
                Resolution resolution = EnterPSSessionParameters.resolve(argument.name());
                if (resolution.ambiguous()) {
                    return rejected("-" + argument.name() + " is ambiguous between " + names(resolution.ambiguousBetween())
                            + ", so PowerShell rejects the call");
                }
                Parameter parameter = resolution.parameter();
                if (parameter == null) {
                    continue; // unknown here: read as a switch (see the class comment)
                }
                CommandArgument value = null;
                if (argument.colon()) {
                    value = argument.colonValue();
                } else if (parameter.takesValue()) {
                    if (i + 1 < arguments.size() && arguments.get(i + 1).kind() != Kind.PARAMETER) {
                        value = arguments.get(++i);
                    }
                }
                if (value == null && parameter.takesValue()) {
                    if (!(call.endsAtEndOfText() && i == arguments.size() - 1)) {
                        return rejected("-" + argument.name() + " has no value, so PowerShell rejects the call");
                    }
                }
                if (!parameter.common()) {
                    possible.retainAll(parameter.sets());
                }
                if (parameter.selects() != null && found == null) {
                    found = target(parameter.selects().reported, value == null ? null : value.value(), "-" + argument.name());
                }
            } else if (argument.kind() == Kind.SPLAT) {
                Optional<List<HashtableLiteral.Entry>> content = facts.splatContent(argument.name());
                if (content.isEmpty()) {
                    if (found == null) {
                        found = target("splatted", null, "@" + argument.name() + " (content unknown)");
                    }
                    continue;
                }
                for (HashtableLiteral.Entry entry : content.get()) {
                    Resolution resolution = EnterPSSessionParameters.resolve(entry.key());
                    if (resolution.ambiguous()) {
                        return rejected("splatted key " + entry.key() + " is ambiguous, so PowerShell rejects the call");
                    }
                    Parameter parameter = resolution.parameter();
                    if (parameter == null) {
                        continue;
                    }
                    if (!parameter.common()) {
                        possible.retainAll(parameter.sets());
                    }
                    if (parameter.selects() != null && found == null) {
                        found = target(parameter.selects().reported, entry.value().literalText(), "@" + argument.name() + "." + entry.key());
                    }
                }
            } else if (firstPositional == null) {
                firstPositional = argument;
            }
        }
        if (found != null) {
            return found;
        }
        if (firstPositional != null) {
            ParameterSet set = positionalSet(firstPositional, possible, facts);
            if (set == null) {
                return rejected("no parameter set left takes a positional argument, so PowerShell rejects the call");
            }
            return target(set.reported, firstPositional.value(), "positional");
        }
        if (call.receivesPipelineInput()) {
            Shape upstream = call.upstream();
            boolean session = upstream != null && (upstream.kind() == Shape.Kind.SESSION
                    || (upstream.kind() == Shape.Kind.VARIABLE && facts.holdsSession(upstream.variable())));
            ParameterSet set = session && possible.contains(ParameterSet.SESSION) ? ParameterSet.SESSION : ParameterSet.COMPUTER_NAME;
            return target(set.reported, upstream == null ? null : upstream.literalText(), "pipeline input");
        }
        return new Binding(Outcome.NO_TARGET, null, null, "no target: PowerShell prompts for one or enters a local session");
    }

    private static ParameterSet positionalSet(CommandArgument argument, EnumSet<ParameterSet> possible, ScriptFacts facts) {
        if (argument.kind() == Kind.NUMBER && possible.contains(ParameterSet.ID)) {
            return ParameterSet.ID;
        }
        if (argument.kind() == Kind.VARIABLE && facts.holdsSession(argument.name()) && possible.contains(ParameterSet.SESSION)) {
            return ParameterSet.SESSION;
        }
        for (ParameterSet set : POSITIONAL_ORDER) {
            if (possible.contains(set)) {
                return set;
            }
        }
        return null;
    }

    private static Binding target(String set, String target, String detail) {
        return new Binding(Outcome.TARGET, set, target, detail);
    }

    private static Binding rejected(String detail) {
        return new Binding(Outcome.REJECTED, null, null, detail);
    }

    private static String names(List<Parameter> parameters) {
        return parameters.stream().map(p -> "-" + p.name()).collect(Collectors.joining(", "));
    }
}
