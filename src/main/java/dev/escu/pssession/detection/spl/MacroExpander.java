package dev.escu.pssession.detection.spl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code `name`} and {@code `name(arg1, arg2)`} textually, before the search is parsed, as
 * Splunk does: the definition replaces the call with every {@code $argument$} filled in, macros in
 * a definition expand too, and backticks inside a quoted value are text, not a call (Knowledge
 * Manager Manual, "Use search macros in searches").
 */
final class MacroExpander {

    /** ESCU's pipeline generates {@code <name>_filter} as {@code search *}; without it, keep everything. */
    static final String MISSING_FILTER_DEFINITION = "search *";

    private static final Pattern MACRO_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]*");
    private static final Pattern NAMED_ARGUMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*=(?!=)(.*)", Pattern.DOTALL);

    private final Macros macros;
    private final SearchLimits limits;
    private final StringBuilder text = new StringBuilder();
    private int[] origin = new int[64];
    private String[] via = new String[64];
    private final Deque<String> calls = new ArrayDeque<>();

    private MacroExpander(Macros macros, SearchLimits limits) {
        this.macros = macros;
        this.limits = limits;
    }

    static ExpandedSearch expand(String search, Macros macros, SearchLimits limits) throws UnsupportedSearchException {
        MacroExpander expander = new MacroExpander(macros, limits);
        expander.expandInto(search, -1, null);
        int n = expander.text.length();
        return new ExpandedSearch(expander.text.toString(), java.util.Arrays.copyOf(expander.origin, n),
                java.util.Arrays.copyOf(expander.via, n));
    }

    /**
     * @param callPosition offset of the outermost macro call in the written search, or -1 for the search itself
     * @param chain        the macros the text came through, or null for the search itself
     */
    private void expandInto(String source, int callPosition, String chain) throws UnsupportedSearchException {
        boolean quoted = false;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            int position = callPosition < 0 ? i : callPosition;
            if (c == '\\' && i + 1 < source.length()) { // an escaped character never opens or closes anything
                append(c, position, chain);
                append(source.charAt(++i), position, chain);
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '`' && !quoted) {
                int close = source.indexOf('`', i + 1);
                if (close < 0) {
                    throw error("a backtick opens a macro call that is never closed", position, chain);
                }
                expandCall(source.substring(i + 1, close), position, chain);
                i = close;
                continue;
            }
            append(c, position, chain);
        }
    }

    private void expandCall(String call, int position, String chain) throws UnsupportedSearchException {
        String name;
        List<String> arguments;
        int open = call.indexOf('(');
        if (open < 0) {
            name = call;
            arguments = List.of();
        } else {
            if (!call.endsWith(")")) {
                throw error("macro call `" + call + "` does not end with ')'", position, chain);
            }
            name = call.substring(0, open);
            arguments = splitArguments(call.substring(open + 1, call.length() - 1), position, chain);
        }
        if (!MACRO_NAME.matcher(name).matches()) {
            throw error("`" + call + "` is not a macro call", position, chain);
        }
        String definition = definitionOf(name, arguments, position, chain);
        if (calls.contains(name)) {
            List<String> cycle = new ArrayList<>(calls);
            java.util.Collections.reverse(cycle);
            cycle.add(name);
            throw error("macro cycle: " + String.join(" -> ", cycle), position, chain);
        }
        if (calls.size() >= limits.maxMacroDepth()) {
            throw error("macros nested deeper than " + limits.maxMacroDepth(), position, chain);
        }
        calls.push(name);
        expandInto(definition, position, chain == null ? "`" + name + "`" : chain + " -> `" + name + "`");
        calls.pop();
    }

    private String definitionOf(String name, List<String> arguments, int position, String chain) throws UnsupportedSearchException {
        var macro = macros.find(name, arguments.size());
        if (macro.isEmpty()) {
            List<Integer> arities = macros.aritiesOf(name);
            if (arities.isEmpty() && arguments.isEmpty() && name.endsWith("_filter")) {
                return MISSING_FILTER_DEFINITION;
            }
            if (arities.isEmpty()) {
                throw error("macro `" + name + "` is not defined", position, chain);
            }
            throw error("macro `" + name + "` takes " + arities + " argument(s), called with " + arguments.size(), position, chain);
        }
        return substitute(macro.get(), arguments);
    }

    /** {@code $name$} becomes the argument's text as written in the call (quotes included, as Splunk passes it). */
    private static String substitute(Macro macro, List<String> arguments) {
        Map<String, String> values = named(macro, arguments);
        String definition = macro.definition();
        for (Map.Entry<String, String> value : values.entrySet()) {
            definition = definition.replace("$" + value.getKey() + "$", value.getValue());
        }
        return definition;
    }

    /** Arguments by name: {@code `m(a=1, b=2)`} when every argument names one of the macro's, else by position. */
    private static Map<String, String> named(Macro macro, List<String> arguments) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String argument : arguments) {
            Matcher named = NAMED_ARGUMENT.matcher(argument);
            if (!named.matches() || !macro.arguments().contains(named.group(1)) || byName.containsKey(named.group(1))) {
                byName.clear();
                break;
            }
            byName.put(named.group(1), named.group(2).strip());
        }
        if (byName.size() == macro.arity()) {
            return byName;
        }
        Map<String, String> byPosition = new LinkedHashMap<>();
        for (int a = 0; a < arguments.size(); a++) {
            byPosition.put(macro.arguments().get(a), arguments.get(a));
        }
        return byPosition;
    }

    /** Arguments split at commas outside quotes and parentheses, each stripped of surrounding spaces. */
    private List<String> splitArguments(String inside, int position, String chain) throws UnsupportedSearchException {
        List<String> arguments = new ArrayList<>();
        if (inside.isBlank()) {
            return arguments;
        }
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        int depth = 0;
        for (int i = 0; i < inside.length(); i++) {
            char c = inside.charAt(i);
            if (c == '\\' && i + 1 < inside.length()) {
                current.append(c).append(inside.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                arguments.add(current.toString().strip());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        if (quoted || depth != 0) {
            throw error("macro arguments (" + inside + ") have an unclosed quote or parenthesis", position, chain);
        }
        arguments.add(current.toString().strip());
        return arguments;
    }

    private void append(char c, int position, String chain) throws UnsupportedSearchException {
        int n = text.length();
        if (n >= limits.maxExpandedChars()) {
            throw error("the search expands to more than " + limits.maxExpandedChars() + " characters", position, chain);
        }
        if (n == origin.length) {
            int grown = Math.min(Math.max(16, n * 2), limits.maxExpandedChars());
            origin = java.util.Arrays.copyOf(origin, grown);
            via = java.util.Arrays.copyOf(via, grown);
        }
        text.append(c);
        origin[n] = position;
        via[n] = chain;
    }

    private static UnsupportedSearchException error(String reason, int position, String chain) {
        return new UnsupportedSearchException(chain == null ? reason : reason + " (in macro " + chain + ")", position);
    }
}
