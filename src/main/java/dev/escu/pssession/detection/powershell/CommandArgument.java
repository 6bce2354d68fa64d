package dev.escu.pssession.detection.powershell;

/**
 * One element after a command's name, classified as PowerShell's parser does before binding.
 *
 * @param name a parameter's name as written (without its dash), or a variable's or splat's name
 * @param value a literal's value with quotes and escapes resolved (LITERAL, NUMBER), else null
 * @param colon whether a parameter was written {@code -Name:value}
 * @param colonValue the argument after the colon, or null
 */
record CommandArgument(Kind kind, int offset, String name, String value, boolean colon, CommandArgument colonValue) {

    enum Kind {
        /** {@code -Name}, {@code -Name:value}, with any dash. */
        PARAMETER,
        /** {@code --}: everything after it is an argument, even when it starts with a dash. */
        END_OF_PARAMETERS,
        /** A bare word or a string without expansions. */
        LITERAL,
        /** A bare integer. */
        NUMBER,
        /** {@code $name} with nothing after it. */
        VARIABLE,
        /** {@code @name}. */
        SPLAT,
        /** {@code { ... }}. */
        SCRIPT_BLOCK,
        /** Anything else: sub-expressions, member access, expandable strings, arrays. */
        EXPRESSION
    }

    static CommandArgument of(Kind kind, int offset) {
        return new CommandArgument(kind, offset, null, null, false, null);
    }

    static CommandArgument literal(int offset, String value) {
        return new CommandArgument(isInteger(value) ? Kind.NUMBER : Kind.LITERAL, offset, null, value, false, null);
    }

    static CommandArgument named(Kind kind, int offset, String name) {
        return new CommandArgument(kind, offset, name, null, false, null);
    }

    static CommandArgument parameter(int offset, String name, boolean colon, CommandArgument colonValue) {
        return new CommandArgument(Kind.PARAMETER, offset, name, null, colon, colonValue);
    }

    private static boolean isInteger(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
