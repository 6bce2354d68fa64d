package dev.escu.pssession.detection.spl;

import java.util.List;

/**
 * A search macro ({@code macros.conf}; in ESCU a {@code macros/*.yml} file): a named piece of SPL,
 * called in a search as {@code `name`} or {@code `name(arg1, arg2)`}, whose {@code $argument$}
 * tokens take the call's arguments. Splunk tells macros apart by name and number of arguments.
 *
 * @param origin where the definition came from (a file of a content folder, or a bundled resource)
 */
public record Macro(String name, List<String> arguments, String definition, String origin) {

    public Macro {
        if (name == null || name.isBlank() || definition == null) {
            throw new IllegalArgumentException("a macro needs a name and a definition");
        }
        arguments = List.copyOf(arguments);
    }

    public int arity() {
        return arguments.size();
    }
}
