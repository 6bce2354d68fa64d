package dev.escu.pssession.detection.powershell;

/**
 * What a statement or expression evaluates to, as far as the analyser needs to know it: the
 * right-hand side of {@code $p = @{...}} (a splat's content), {@code $s = New-PSSession ...} (a
 * session) or {@code $c = 'etsn'} (a command name), and what a pipeline feeds the next command.
 */
record Shape(Kind kind, String literal, HashtableLiteral table, String variable) {

    enum Kind { EMPTY, STRING, NUMBER, HASHTABLE, VARIABLE, SESSION, OTHER }

    static final Shape EMPTY = new Shape(Kind.EMPTY, null, null, null);
    static final Shape OTHER = new Shape(Kind.OTHER, null, null, null);
    static final Shape SESSION = new Shape(Kind.SESSION, null, null, null);

    static Shape string(String value) {
        return value == null ? OTHER : new Shape(Kind.STRING, value, null, null);
    }

    static Shape number(String text) {
        return new Shape(Kind.NUMBER, text, null, null);
    }

    static Shape hashtable(HashtableLiteral table) {
        return new Shape(Kind.HASHTABLE, null, table, null);
    }

    static Shape variable(String name) {
        return new Shape(Kind.VARIABLE, null, null, name);
    }

    /** The literal text a target takes from this value, or null when it is not a literal. */
    String literalText() {
        return kind == Kind.STRING || kind == Kind.NUMBER ? literal : null;
    }
}
