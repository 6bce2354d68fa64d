package dev.escu.pssession.detection.powershell;

import static dev.escu.pssession.detection.powershell.PowerShellChars.endsWord;
import static dev.escu.pssession.detection.powershell.PowerShellChars.isAsciiLetterOrDigit;
import static dev.escu.pssession.detection.powershell.PowerShellChars.isDash;
import static dev.escu.pssession.detection.powershell.PowerShellChars.isDoubleQuote;
import static dev.escu.pssession.detection.powershell.PowerShellChars.isIdentifierPart;
import static dev.escu.pssession.detection.powershell.PowerShellChars.isIdentifierStart;
import static dev.escu.pssession.detection.powershell.PowerShellChars.isNewline;
import static dev.escu.pssession.detection.powershell.PowerShellChars.isQuote;
import static dev.escu.pssession.detection.powershell.PowerShellChars.isSingleQuote;
import static dev.escu.pssession.detection.powershell.PowerShellChars.isVariableStart;
import static dev.escu.pssession.detection.powershell.PowerShellChars.isWhitespace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.escu.pssession.detection.powershell.CommandArgument.Kind;

/**
 * Reads a script block the way PowerShell's tokenizer and parser do, in one pass, to find the
 * executable code: statements, pipelines, command names and their arguments, and everything
 * nested (script blocks, function bodies, groups, sub-expressions, including {@code $(...)} inside
 * double-quoted strings and here-strings). Comments, string contents, here-string contents and the
 * text of bare arguments are not code.
 *
 * <p>Like PowerShell, the reader switches between command mode (a statement that starts with a
 * name: words run to a space or one of {@code &(),;{|}}, {@code a#b} is one word, a leading dash
 * makes a parameter) and expression mode (a statement that starts with {@code $x}, a string, a
 * number, {@code (}, {@code [}, {@code @}: operators, member access, assignment).
 *
 * <p>Bounded: each character is read once, apart from the look-ahead past comments after a line
 * break (PowerShell 7 lets a pipeline continue on a line starting with {@code |}), which is kept
 * for the next read. Nesting is followed by recursion no deeper than {@link #MAX_DEPTH} levels;
 * deeper input stops the reading (the caller then has a judgement on what came before, or none).
 */
final class ScriptBlockReader {

    /** Nesting levels followed; each costs a few stack frames, far below any thread's stack. */
    static final int MAX_DEPTH = 256;

    private static final Set<String> KEYWORDS = Set.of("elseif", "if", "else", "switch", "foreach", "from", "in", "for",
            "while", "until", "do", "try", "catch", "finally", "trap", "data", "return", "continue", "break", "exit", "throw",
            "begin", "process", "end", "dynamicparam", "function", "filter", "param", "class", "define", "var", "using",
            "workflow", "parallel", "sequence", "inlinescript", "configuration", "public", "private", "static", "interface",
            "enum", "namespace", "module", "type", "assembly", "command", "hidden", "base", "default", "clean");

    /** Where an expression stands, which decides what ends it and what a bracket opens. */
    private enum Flow {
        /** An expression statement: ends at a line break, {@code ;}, a pipe or a closing bracket. */
        STATEMENT,
        /** A method's or attribute's arguments, after {@code name(}: ends at {@code )}, crosses lines. */
        ARGUMENTS,
        /** {@code [...]}: a type, an attribute or an index; ends at {@code ]}. */
        BRACKETS,
        /** A class or enum body: members, not statements; ends at <code>}</code>. */
        MEMBERS
    }

    /** What follows a keyword, which decides what its brackets hold. */
    private enum Tail {
        NONE, BLOCKS, FUNCTION, PARAM, FOREACH, SWITCH, TYPE
    }

    private final String text;
    private final int end;
    private final ScriptFacts.Builder facts = new ScriptFacts.Builder();
    private int pos;
    private int depth;
    /** Inside a param block or a parameter list: variables there are declared, not assigned. */
    private boolean declaring;
    /** The next variable is a foreach loop's variable. */
    private boolean declareNextVariable;
    private int pipeLookaheadFrom = -1;
    private int pipeLookaheadResult = -1;

    private ScriptBlockReader(String text) {
        this.text = text;
        this.end = text.length();
    }

    static ScriptFacts read(String text) {
        ScriptBlockReader reader = new ScriptBlockReader(text);
        try {
            reader.statementList('\0');
        } catch (TooDeep e) {
            reader.facts.stop(e.offset, "nesting deeper than " + MAX_DEPTH + " levels at offset " + e.offset);
        }
        return reader.facts.build();
    }

    /** Unwinds the reading when the nesting limit is reached; carries no stack trace. */
    private static final class TooDeep extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int offset;

        TooDeep(int offset) {
            super(null, null, false, false);
            this.offset = offset;
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw new TooDeep(pos);
        }
    }

    // ---------------------------------------------------------------- statements

    /** Statements up to the closing character (or the end of the text), which is consumed. */
    private void statementList(char closer) {
        enter();
        while (true) {
            skipSeparators();
            if (pos >= end) {
                break;
            }
            char c = text.charAt(pos);
            if (c == closer) {
                pos++;
                break;
            }
            if (c == ')' || c == '}') {
                if (closer == '\0') {
                    pos++; // a stray closer at the top: PowerShell rejects it; step over it
                    continue;
                }
                break; // it closes an enclosing group of unbalanced input
            }
            int before = pos;
            statement();
            if (pos == before) {
                pos++;
            }
        }
        depth--;
    }

    /** A pipeline chain ({@code a | b && c || d}); returns what its first pipeline produces. */
    private Shape statement() {
        Shape shape = pipeline();
        while (true) {
            skipSpace();
            if (startsWith("&&") || startsWith("||")) {
                pos += 2;
                skipSpaceAndNewlines();
                pipeline();
                shape = Shape.OTHER;
                continue;
            }
            return shape;
        }
    }

    private Shape pipeline() {
        Shape first = null;
        Shape upstream = null;
        int elements = 0;
        while (true) {
            Shape element = element(elements == 0, upstream);
            if (elements++ == 0) {
                first = element;
            }
            upstream = element;
            skipSpace();
            if (pos >= end) {
                break;
            }
            char c = text.charAt(pos);
            if (c == '|' && at(pos + 1) != '|') {
                pos++;
                skipSpaceAndNewlines();
                continue;
            }
            if (c == '&' && at(pos + 1) != '&') {
                pos++; // the background operator ends the pipeline
                break;
            }
            if (isNewline(c)) {
                int pipe = pipeOnNextLine(pos);
                if (pipe >= 0) {
                    pos = pipe + 1;
                    skipSpaceAndNewlines();
                    continue;
                }
            }
            break;
        }
        if (elements > 1) {
            return first.kind() == Shape.Kind.SESSION ? Shape.SESSION : Shape.OTHER;
        }
        return first;
    }

    /** One element of a pipeline: a command, or (first in a pipeline) an expression or a keyword statement. */
    private Shape element(boolean first, Shape upstream) {
        enter(); // keywords recurse through here: return return return ...
        Shape shape = elementBody(first, upstream);
        depth--;
        return shape;
    }

    private Shape elementBody(boolean first, Shape upstream) {
        skipSpace();
        if (pos >= end) {
            return Shape.EMPTY;
        }
        int start = pos;
        char c = text.charAt(pos);
        if (first && c == ':' && isIdentifierStart(at(pos + 1))) { // a loop label
            pos++;
            while (pos < end && !endsWord(text.charAt(pos))) {
                pos++;
            }
            skipSpace();
            if (pos >= end) {
                return Shape.EMPTY;
            }
            start = pos;
            c = text.charAt(pos);
        }
        if (c == '&' && at(pos + 1) != '&') {
            pos++;
            return invocation(start, first, upstream);
        }
        if (c == '.' && dotInvokes()) {
            pos++;
            return invocation(start, first, upstream);
        }
        if (isNewline(c) || c == ';' || c == ')' || c == '}' || c == '|' || c == '&' || c == ',') {
            return Shape.EMPTY;
        }
        if (startsExpression(c)) {
            return expression(Flow.STATEMENT, Tail.NONE);
        }
        Word name = word();
        if (first && name.identifier() && KEYWORDS.contains(name.value().toLowerCase(Locale.ROOT))) {
            return keyword(name.value().toLowerCase(Locale.ROOT));
        }
        return command(start, name.end(), name.expandable() ? null : name, null, first, upstream);
    }

    /** At a statement's start PowerShell first tries an expression; these characters begin one. */
    private boolean startsExpression(char c) {
        if (c == '$' || c == '@' || c == '(' || c == '[' || c == '{' || c == '!' || c == '+' || isQuote(c) || isDash(c)) {
            return true;
        }
        if (c >= '0' && c <= '9') {
            return true;
        }
        return c == '.' && at(pos + 1) >= '0' && at(pos + 1) <= '9';
    }

    /** A dot followed by a space, a quote, {@code $}, a bracket or the end dot-sources; {@code .\x} is a name. */
    private boolean dotInvokes() {
        if (pos + 1 >= end) {
            return true;
        }
        char next = text.charAt(pos + 1);
        if (next == '.' || (next >= '0' && next <= '9')) {
            return false;
        }
        return endsWord(next) || next == '$' || next == '"' || next == '\'';
    }

    private Shape keyword(String keyword) {
        switch (keyword) {
            case "function", "filter", "workflow", "configuration" -> {
                skipSpace();
                if (pos < end && !endsWord(text.charAt(pos))) {
                    word(); // the name being defined: a definition is not a call
                }
                return expression(Flow.STATEMENT, Tail.FUNCTION);
            }
            case "class", "enum", "interface" -> {
                skipSpace();
                if (pos < end && !endsWord(text.charAt(pos))) {
                    word();
                }
                return expression(Flow.STATEMENT, Tail.TYPE);
            }
            case "param" -> {
                return expression(Flow.STATEMENT, Tail.PARAM);
            }
            case "switch" -> {
                return expression(Flow.STATEMENT, Tail.SWITCH);
            }
            case "foreach" -> {
                return expression(Flow.STATEMENT, Tail.FOREACH);
            }
            case "return", "throw", "exit" -> {
                skipSpace();
                if (!atStatementEnd()) {
                    statement();
                }
                return Shape.OTHER;
            }
            case "break", "continue" -> {
                skipSpace();
                if (!atStatementEnd()) {
                    word();
                }
                return Shape.OTHER;
            }
            default -> {
                return expression(Flow.STATEMENT, Tail.BLOCKS);
            }
        }
    }

    private boolean atStatementEnd() {
        if (pos >= end) {
            return true;
        }
        char c = text.charAt(pos);
        return isNewline(c) || c == ';' || c == ')' || c == '}' || c == '|' || c == '&';
    }

    // ---------------------------------------------------------------- commands

    /** After {@code &} or {@code .}: the command is a name, a string, a variable, a script block or a group. */
    private Shape invocation(int start, boolean first, Shape upstream) {
        skipSpace();
        if (pos >= end) {
            return Shape.EMPTY;
        }
        char c = text.charAt(pos);
        Word name = null;
        String nameVariable = null;
        if (isSingleQuote(c)) {
            int from = pos;
            Value value = new Value();
            singleQuoted(value);
            name = new Word(from, pos, value.newer.toString(), null, false, false);
        } else if (isDoubleQuote(c)) {
            int from = pos;
            Value value = new Value();
            boolean expandable = doubleQuoted(value);
            name = expandable ? null : new Word(from, pos, value.newer.toString(), value.olderOrNull(), false, false);
        } else if (c == '{') {
            pos++;
            statementList('}');
        } else if (c == '(') {
            name = groupedName();
            if (name == null) {
                pos++;
                statementList(')');
                postfix();
            }
        } else if (c == '$' && at(pos + 1) == '(') {
            pos += 2;
            statementList(')');
            postfix();
        } else if (c == '$') {
            String variable = variable(false);
            if (variable == null) {
                pos++;
            } else if (!postfix()) {
                nameVariable = variable;
            }
        } else if (!atStatementEnd()) {
            Word word = word();
            // After an invocation operator a name with $ is expanded at run time: not known here.
            name = word.expandable() ? null : word;
        }
        return command(start, pos, name, nameVariable, first, upstream);
    }

    /**
     * {@code & ('name')}: a group holding only a single-quoted string (or a double-quoted one
     * without {@code $}) names the command as the string does. Otherwise nothing is read.
     */
    private Word groupedName() {
        int save = pos;
        pos++;
        skipSpaceAndNewlines();
        Word name = null;
        if (pos < end && isSingleQuote(text.charAt(pos))) {
            int from = pos;
            Value value = new Value();
            singleQuoted(value);
            name = new Word(from, pos, value.newer.toString(), null, false, false);
        } else if (pos < end && isDoubleQuote(text.charAt(pos)) && !expandsBeforeClosingQuote(pos + 1)) {
            int from = pos;
            Value value = new Value();
            doubleQuoted(value);
            name = new Word(from, pos, value.newer.toString(), value.olderOrNull(), false, false);
        }
        if (name != null) {
            skipSpaceAndNewlines();
            if (pos < end && text.charAt(pos) == ')') {
                pos++;
                return name;
            }
        }
        pos = save;
        return null;
    }

    /** Whether a double-quoted string starting at {@code p} holds a {@code $} before its closing quote. */
    private boolean expandsBeforeClosingQuote(int p) {
        while (p < end) {
            char c = text.charAt(p);
            if (c == '$') {
                return true;
            }
            if (c == '`') {
                p += 2;
                continue;
            }
            if (isDoubleQuote(c)) {
                if (p + 1 < end && isDoubleQuote(text.charAt(p + 1))) {
                    p += 2;
                    continue;
                }
                return false;
            }
            p++;
        }
        return false;
    }

    /** A command's arguments; records the invocation when its name is, or may be, Enter-PSSession. */
    private Shape command(int start, int nameEnd, Word name, String nameVariable, boolean first, Shape upstream) {
        boolean enter = name != null && (CommandNames.isEnterPSSession(name.value()) || CommandNames.isEnterPSSession(name.olderValue()));
        boolean candidate = enter || nameVariable != null;
        List<CommandArgument> arguments = candidate ? new ArrayList<>() : null;
        arguments(arguments);
        if (candidate) {
            facts.call(new CommandCall(text.substring(start, nameEnd), start, nameVariable, arguments, !first, upstream,
                    atEndOfText()));
        }
        return name != null && CommandNames.isSessionSource(name.value()) ? Shape.SESSION : Shape.OTHER;
    }

    /** Whether only trivia is left: the block ends inside or right after the current command. */
    private boolean atEndOfText() {
        int save = pos;
        skipSpaceAndNewlines();
        boolean atEnd = pos >= end;
        pos = save;
        return atEnd;
    }

    private void arguments(List<CommandArgument> out) {
        boolean sawDashDash = false;
        while (true) {
            skipSpace();
            if (pos >= end) {
                return;
            }
            char c = text.charAt(pos);
            if (isNewline(c) || c == ';' || c == ')' || c == '}' || c == '|' || c == '&') {
                return;
            }
            if (c == ',') { // PowerShell reports a missing argument and goes on
                pos++;
                skipSpaceAndNewlines();
                continue;
            }
            if (redirection()) {
                continue;
            }
            int before = pos;
            CommandArgument argument = argument(sawDashDash);
            if (argument.kind() == Kind.END_OF_PARAMETERS) {
                sawDashDash = true;
            }
            if (argument.kind() == Kind.LITERAL && "--%".equals(argument.value())) {
                // Stop-parsing: the rest of the line is one argument, passed as written.
                int from = verbatimArgument();
                if (out != null && pos > from) {
                    out.add(CommandArgument.literal(from, text.substring(from, pos).strip()));
                }
            } else if (out != null) {
                out.add(argument);
            }
            if (pos == before) {
                pos++;
            }
        }
    }

    /** After {@code --%} the rest of the line is passed as written, up to a pipe or {@code &&} outside quotes. */
    private int verbatimArgument() {
        while (pos < end && isWhitespace(text.charAt(pos))) {
            pos++;
        }
        int from = pos;
        boolean quoted = false;
        while (pos < end) {
            char c = text.charAt(pos);
            if (isNewline(c)) {
                break;
            }
            if (isDoubleQuote(c)) {
                quoted = !quoted;
            } else if (!quoted && (c == '|' || (c == '&' && at(pos + 1) == '&'))) {
                break;
            }
            pos++;
        }
        return from;
    }

    /** {@code > file}, {@code 2>> file}, {@code 2>&1}, {@code *> file}, {@code < file}: not arguments. */
    private boolean redirection() {
        char c = text.charAt(pos);
        char next = at(pos + 1);
        if (c == '>') {
            pos += next == '>' ? 2 : 1;
            redirectionTarget();
            return true;
        }
        if (((c >= '1' && c <= '6') || c == '*') && next == '>') {
            pos += 2;
            if (at(pos) == '>') {
                pos++;
            } else if (at(pos) == '&' && (at(pos + 1) == '1' || at(pos + 1) == '2')) {
                pos += 2;
                return true;
            }
            redirectionTarget();
            return true;
        }
        if (c == '<' && next != '#') {
            pos++;
            redirectionTarget();
            return true;
        }
        return false;
    }

    private void redirectionTarget() {
        skipSpace();
        if (!atStatementEnd()) {
            argumentValue();
        }
    }

    /** One argument: a parameter (with its {@code :value}), {@code --}, or a value (with {@code ,} arrays). */
    private CommandArgument argument(boolean sawDashDash) {
        int start = pos;
        char c = text.charAt(pos);
        if (isDash(c) && !sawDashDash) {
            char next = at(pos + 1);
            if (isDash(next) && (pos + 2 >= end || endsWord(text.charAt(pos + 2)))) {
                pos += 2;
                return CommandArgument.of(Kind.END_OF_PARAMETERS, start);
            }
            if (pos + 1 < end && (Character.isLetter(next) || next == '_' || next == '?')) {
                CommandArgument parameter = parameter(start);
                if (parameter != null) {
                    return parameter;
                }
            }
        }
        return valueWithArrays();
    }

    /**
     * A parameter token: the name runs to a space, one of <code>{}();,|&amp;.[</code>, a line break, or
     * a colon (which ends it and takes the next argument as its value). Anything else, a backtick
     * included, is part of the name; a quote makes the whole token an argument instead.
     */
    private CommandArgument parameter(int start) {
        int p = pos + 1;
        StringBuilder name = new StringBuilder();
        boolean colon = false;
        while (p < end) {
            char c = text.charAt(p);
            if (isWhitespace(c) || isNewline(c)) {
                break;
            }
            if (c == '{' || c == '}' || c == '(' || c == ')' || c == ';' || c == ',' || c == '|' || c == '&' || c == '.'
                    || c == '[' || c == '\0') {
                break;
            }
            if (c == ':') {
                colon = true;
                p++;
                break;
            }
            if (isQuote(c)) {
                return null;
            }
            name.append(c);
            p++;
        }
        pos = p;
        CommandArgument value = null;
        if (colon) {
            int save = pos;
            skipSpace();
            if (!atStatementEnd() && text.charAt(pos) != ',') {
                value = valueWithArrays();
            } else {
                pos = save;
            }
        }
        return CommandArgument.parameter(start, name.toString(), colon, value);
    }

    /** A value, and with {@code ,} the array it starts ({@code -Cn a,b}). */
    private CommandArgument valueWithArrays() {
        int start = pos;
        CommandArgument value = argumentValue();
        boolean array = false;
        while (true) {
            int save = pos;
            skipSpace();
            if (pos < end && text.charAt(pos) == ',') {
                pos++;
                skipSpaceAndNewlines();
                if (atStatementEnd()) {
                    break;
                }
                argumentValue();
                array = true;
                continue;
            }
            pos = save;
            break;
        }
        return array ? CommandArgument.of(Kind.EXPRESSION, start) : value;
    }

    /** One value in command mode, with member access and indexing after it. */
    private CommandArgument argumentValue() {
        int start = pos;
        char c = text.charAt(pos);
        char next = at(pos + 1);
        if (c == '$') {
            if (next == '(') {
                pos += 2;
                statementList(')');
                postfix();
                return CommandArgument.of(Kind.EXPRESSION, start);
            }
            String variable = variable(true);
            if (variable != null) {
                String name = ScriptFacts.normalize(variable);
                if (pos < end && (text.charAt(pos) == '.' || text.charAt(pos) == '[')) {
                    facts.access(name);
                }
                return postfix() ? CommandArgument.of(Kind.EXPRESSION, start) : CommandArgument.named(Kind.VARIABLE, start, variable);
            }
        } else if (c == '@') {
            if (next == '(') {
                pos += 2;
                statementList(')');
                postfix();
                return CommandArgument.of(Kind.EXPRESSION, start);
            }
            if (next == '{') {
                pos += 2;
                hashtable();
                postfix();
                return CommandArgument.of(Kind.EXPRESSION, start);
            }
            if (isQuote(next)) {
                hereString();
                return CommandArgument.of(Kind.EXPRESSION, start);
            }
            if (pos + 1 < end && isVariableStart(next)) {
                String splat = variable(true);
                if (splat != null) {
                    return CommandArgument.named(Kind.SPLAT, start, splat);
                }
            }
        } else if (isSingleQuote(c)) {
            Value value = new Value();
            singleQuoted(value);
            return postfix() ? CommandArgument.of(Kind.EXPRESSION, start) : new CommandArgument(Kind.LITERAL, start, null,
                    value.newer.toString(), false, null);
        } else if (isDoubleQuote(c)) {
            Value value = new Value();
            boolean expandable = doubleQuoted(value);
            return postfix() || expandable ? CommandArgument.of(Kind.EXPRESSION, start)
                    : new CommandArgument(Kind.LITERAL, start, null, value.newer.toString(), false, null);
        } else if (c == '(') {
            pos++;
            statementList(')');
            postfix();
            return CommandArgument.of(Kind.EXPRESSION, start);
        } else if (c == '{') {
            pos++;
            statementList('}');
            postfix();
            return CommandArgument.of(Kind.SCRIPT_BLOCK, start);
        }
        Word word = word();
        return word.expandable() ? CommandArgument.of(Kind.EXPRESSION, start) : CommandArgument.literal(start, word.value());
    }

    /** Member access, static member access, indexing and method calls right after a value. */
    private boolean postfix() {
        boolean any = false;
        while (pos < end) {
            char c = text.charAt(pos);
            if (c == '[') {
                pos++;
                expression(Flow.BRACKETS, Tail.NONE);
                any = true;
                continue;
            }
            int member = c == '.' ? pos + 1 : (c == ':' && at(pos + 1) == ':' ? pos + 2 : -1);
            if (member > 0 && member < end) {
                char m = text.charAt(member);
                if (isIdentifierStart(m) || m == '$' || isQuote(m)) {
                    pos = member;
                    memberName();
                    if (pos < end && text.charAt(pos) == '(') {
                        pos++;
                        expression(Flow.ARGUMENTS, Tail.NONE);
                    }
                    any = true;
                    continue;
                }
            }
            break;
        }
        return any;
    }

    private void memberName() {
        char c = text.charAt(pos);
        if (isSingleQuote(c)) {
            singleQuoted(new Value());
        } else if (isDoubleQuote(c)) {
            doubleQuoted(new Value());
        } else if (c == '$') {
            if (at(pos + 1) == '(') {
                pos += 2;
                statementList(')');
            } else if (variable(false) == null) {
                pos++;
            }
        } else {
            while (pos < end && isIdentifierPart(text.charAt(pos))) {
                pos++;
            }
        }
    }

    // ---------------------------------------------------------------- expressions

    /**
     * Expression-mode tokens until the flow's end. Groups, sub-expressions and script blocks inside
     * hold statements (commands); an argument list or a type does not. In a statement, an
     * assignment's right-hand side is a statement of its own, whose shape is recorded for the
     * variable on the left.
     */
    private Shape expression(Flow flow, Tail tail) {
        enter();
        String assigned = null;   // the variable on the left, while the tokens so far are casts and one variable
        boolean simpleLeft = true;
        int primaries = 0;
        int others = 0;
        Shape single = Shape.OTHER;
        int identifierEnd = -1;   // '(' right after a name opens an argument list, not a group
        boolean crossesLines = flow != Flow.STATEMENT;
        boolean wasDeclaring = declaring;
        if (flow == Flow.MEMBERS) {
            declaring = true;
        }
        loop:
        while (true) {
            if (crossesLines) {
                skipSpaceAndNewlines();
            } else {
                skipSpace();
            }
            if (pos >= end) {
                break;
            }
            char c = text.charAt(pos);
            switch (flow) {
                case STATEMENT -> {
                    if (isNewline(c) || c == ';' || c == '|' || c == '&' || c == ')' || c == '}') {
                        break loop;
                    }
                }
                case ARGUMENTS -> {
                    if (c == ')') {
                        pos++;
                        break loop;
                    }
                    if (c == '}') {
                        break loop;
                    }
                }
                case BRACKETS -> {
                    if (c == ']') {
                        pos++;
                        break loop;
                    }
                    if (c == ')' || c == '}') {
                        break loop;
                    }
                }
                case MEMBERS -> {
                    if (c == '}') {
                        pos++;
                        break loop;
                    }
                }
            }
            int tokenStart = pos;
            char next = at(pos + 1);
            if (c == '$') {
                if (next == '(') {
                    pos += 2;
                    statementList(')');
                    primaries++;
                    single = Shape.OTHER;
                } else {
                    String variable = variable(false);
                    if (variable == null) {
                        pos++;
                        others++;
                    } else {
                        String name = ScriptFacts.normalize(variable);
                        if (declaring || declareNextVariable) {
                            facts.declare(name);
                            declareNextVariable = false;
                        }
                        if (pos < end && (text.charAt(pos) == '.' || text.charAt(pos) == '[')) {
                            facts.access(name);
                        }
                        if (simpleLeft && primaries == 0 && others == 0) {
                            assigned = name;
                        } else {
                            simpleLeft = false;
                        }
                        primaries++;
                        single = Shape.variable(name);
                    }
                }
            } else if (c == '@' && next == '(') {
                pos += 2;
                statementList(')');
                primaries++;
                single = Shape.OTHER;
            } else if (c == '@' && next == '{') {
                pos += 2;
                HashtableLiteral table = hashtable();
                primaries++;
                single = Shape.hashtable(table);
            } else if (c == '@' && isQuote(next)) {
                hereString();
                primaries++;
                single = Shape.OTHER;
            } else if (isSingleQuote(c)) {
                Value value = new Value();
                singleQuoted(value);
                primaries++;
                single = Shape.string(value.newer.toString());
            } else if (isDoubleQuote(c)) {
                Value value = new Value();
                boolean expandable = doubleQuoted(value);
                primaries++;
                single = expandable ? Shape.OTHER : Shape.string(value.newer.toString());
            } else if (c == '(') {
                pos++;
                if (tail == Tail.FUNCTION || tail == Tail.PARAM) {
                    declaring = true;
                    statementList(')');
                    declaring = wasDeclaring;
                } else if (tail == Tail.FOREACH) {
                    declareNextVariable = true;
                    statementList(')');
                    declareNextVariable = false;
                } else if (tail == Tail.NONE && identifierEnd == tokenStart) {
                    expression(Flow.ARGUMENTS, Tail.NONE);
                } else {
                    statementList(')');
                }
                primaries++;
                single = Shape.OTHER;
            } else if (c == '{') {
                pos++;
                switch (tail) {
                    case SWITCH -> {
                        switchBody();
                        break loop;
                    }
                    case TYPE -> {
                        expression(Flow.MEMBERS, Tail.NONE);
                        break loop;
                    }
                    case FUNCTION -> {
                        statementList('}');
                        break loop;
                    }
                    default -> statementList('}');
                }
                primaries++;
                single = Shape.OTHER;
            } else if (c == '[') {
                pos++;
                expression(Flow.BRACKETS, Tail.NONE);
                if (primaries > 0) {
                    simpleLeft = false; // an index, not a cast
                }
            } else if (c == '=' && next != '=' && flow == Flow.STATEMENT && tail == Tail.NONE) {
                pos++;
                skipSpaceAndNewlines();
                Shape value = statement();
                if (simpleLeft && assigned != null && primaries == 1 && others == 0) {
                    facts.assign(assigned, value);
                }
                return leave(wasDeclaring, Shape.OTHER);
            } else if (next == '=' && (c == '+' || isDash(c) || c == '*' || c == '/' || c == '%') && flow == Flow.STATEMENT
                    && tail == Tail.NONE) {
                pos += 2;
                skipSpaceAndNewlines();
                statement();
                if (assigned != null) {
                    facts.otherWrite(assigned);
                }
                return leave(wasDeclaring, Shape.OTHER);
            } else if (isDash(c) && Character.isLetter(next)) {
                pos++;
                while (pos < end && isIdentifierPart(text.charAt(pos))) {
                    pos++; // an operator such as -eq, -and, -f, or a switch statement's -Regex
                }
                others++;
            } else if (c == '.' || (c == ':' && next == ':')) {
                pos += c == '.' ? 1 : 2;
                if (pos < end && text.charAt(pos) == '.') {
                    pos++; // the range operator
                } else if (pos < end && (isIdentifierStart(text.charAt(pos)) || text.charAt(pos) == '$' || isQuote(text.charAt(pos)))) {
                    memberName();
                    identifierEnd = pos;
                    simpleLeft = false;
                }
                others++;
            } else if (isIdentifierStart(c)) {
                while (pos < end && isIdentifierPart(text.charAt(pos))) {
                    pos++;
                }
                identifierEnd = pos;
                others++;
            } else if (c >= '0' && c <= '9') {
                pos++;
                while (pos < end && (isIdentifierPart(text.charAt(pos))
                        || (text.charAt(pos) == '.' && at(pos + 1) >= '0' && at(pos + 1) <= '9'))) {
                    pos++;
                }
                primaries++;
                single = Shape.number(text.substring(tokenStart, pos));
            } else if (c == '`' && pos + 1 < end) {
                pos += 2;
                others++;
            } else {
                pos++;
                others++;
            }
            if (pos == tokenStart) {
                pos++;
            }
        }
        return leave(wasDeclaring, primaries == 1 && others == 0 ? single : (primaries == 0 && others == 0 ? Shape.EMPTY : Shape.OTHER));
    }

    private Shape leave(boolean wasDeclaring, Shape shape) {
        declaring = wasDeclaring;
        depth--;
        return shape;
    }

    /**
     * Past the separators before the next entry of a braced list: its first character, or -1 at the
     * end of the text or after the closing brace (which is read).
     */
    private int nextEntry() {
        skipSeparators();
        if (pos >= end) {
            return -1;
        }
        char c = text.charAt(pos);
        if (c == '}') {
            pos++;
            return -1;
        }
        return c;
    }

    /** A switch body: clauses of a pattern (a value, never a command) and a script block. */
    private void switchBody() {
        enter();
        while (true) {
            int c = nextEntry();
            if (c < 0) {
                break;
            }
            int before = pos;
            if (c == ')' || c == ']' || c == ',') {
                pos++;
                continue;
            }
            argumentValue();
            skipSpaceAndNewlines();
            if (pos < end && text.charAt(pos) == '{') {
                pos++;
                statementList('}');
            }
            if (pos == before) {
                pos++;
            }
        }
        depth--;
    }

    /** A hashtable literal after <code>@{</code>: {@code key = statement} entries separated by {@code ;} or line breaks. */
    private HashtableLiteral hashtable() {
        enter();
        List<HashtableLiteral.Entry> entries = new ArrayList<>();
        boolean literalKeys = true;
        while (true) {
            int c = nextEntry();
            if (c < 0) {
                break;
            }
            if (c == ')' || c == ']') {
                break; // unbalanced input: the enclosing group takes it
            }
            int before = pos;
            String key = null;
            if (isSingleQuote((char) c)) {
                Value value = new Value();
                singleQuoted(value);
                key = value.newer.toString();
            } else if (isDoubleQuote((char) c)) {
                Value value = new Value();
                key = doubleQuoted(value) ? null : value.newer.toString();
            } else if (c == '(' || c == '$' || c == '@' || c == '{' || c == '[') {
                argumentValue();
            } else {
                int from = pos;
                while (pos < end && !endsWord(text.charAt(pos)) && text.charAt(pos) != '=') {
                    pos++;
                }
                key = text.substring(from, pos);
            }
            skipSpace();
            if (pos < end && text.charAt(pos) == '=') {
                pos++;
                skipSpaceAndNewlines();
                Shape value = statement();
                if (key != null) {
                    entries.add(new HashtableLiteral.Entry(key, value));
                } else {
                    literalKeys = false;
                }
            } else {
                literalKeys = false;
            }
            if (pos == before) {
                pos++;
            }
        }
        depth--;
        return new HashtableLiteral(entries, literalKeys);
    }

    // ---------------------------------------------------------------- words and strings

    /**
     * A word and its value: the token PowerShell calls generic (a command name or a bare argument).
     *
     * @param olderValue the value as Windows PowerShell 5.1 reads it when its escapes differ, else null
     * @param expandable whether it holds {@code $x} or {@code $(...)}
     * @param identifier whether it is letters, digits and underscores only (so it may be a keyword)
     */
    private record Word(int start, int end, String value, String olderValue, boolean expandable, boolean identifier) {
    }

    /** A word's or string's value as PowerShell 7 reads it and, once their escapes differ, as 5.1 does. */
    private static final class Value {
        final StringBuilder newer = new StringBuilder();
        StringBuilder older;

        void append(char c) {
            newer.append(c);
            if (older != null) {
                older.append(c);
            }
        }

        void append(CharSequence s, int from, int to) {
            newer.append(s, from, to);
            if (older != null) {
                older.append(s, from, to);
            }
        }

        void diverge(String forNewer, String forOlder) {
            if (older == null) {
                older = new StringBuilder(newer);
            }
            newer.append(forNewer);
            older.append(forOlder);
        }

        String olderOrNull() {
            return older == null ? null : older.toString();
        }
    }

    /** A generic token: runs to a space or a word-ending character; quotes, escapes and {@code $} inside it are read. */
    private Word word() {
        int start = pos;
        Value value = new Value();
        boolean identifier = pos < end && isIdentifierStart(text.charAt(pos));
        boolean expandable = false;
        while (pos < end) {
            char c = text.charAt(pos);
            if (endsWord(c)) {
                if (pos == start) {
                    value.append(c);
                    pos++;
                    identifier = false;
                }
                break;
            }
            if (c == '`') {
                identifier = false;
                if (pos + 1 >= end) {
                    value.append(c);
                    pos++;
                    break;
                }
                escape(value);
                continue;
            }
            if (isSingleQuote(c)) {
                identifier = false;
                singleQuoted(value);
                continue;
            }
            if (isDoubleQuote(c)) {
                identifier = false;
                expandable |= doubleQuoted(value);
                continue;
            }
            if (c == '$') {
                int from = pos;
                if (expansion()) {
                    identifier = false;
                    expandable = true;
                    value.append(text, from, pos);
                    continue;
                }
            }
            if (!isIdentifierPart(c)) {
                identifier = false;
            }
            value.append(c);
            pos++;
        }
        return new Word(start, pos, value.newer.toString(), value.olderOrNull(), expandable, identifier);
    }

    /** A backtick escape outside single quotes; the backtick is at {@code pos} and a character follows it. */
    private void escape(Value value) {
        char e = text.charAt(pos + 1);
        pos += 2;
        if (e == 'e') {
            value.diverge("\u001b", "e");
            return;
        }
        if (e == 'u' && pos < end && text.charAt(pos) == '{') { // PowerShell 7's `u{hex}
            int close = pos + 1;
            int codePoint = 0;
            while (close < end && close - pos <= 7 && Character.digit(text.charAt(close), 16) >= 0) {
                codePoint = codePoint * 16 + Character.digit(text.charAt(close), 16);
                close++;
            }
            int digits = close - pos - 1;
            if (close < end && text.charAt(close) == '}' && digits >= 1 && digits <= 6 && codePoint <= Character.MAX_CODE_POINT) {
                value.diverge(new String(Character.toChars(codePoint)), text.substring(pos - 1, close + 1));
                pos = close + 1;
                return;
            }
        }
        char escaped = PowerShellChars.escaped(e, false);
        if (escaped != e && Character.isLetter(e)) {
            // `t is a tab to PowerShell, so En`ter-PSSession names no command; HARDENED.md counts a backtick
            // inside a name as hiding nothing (its own example), so the alternative reading takes the letter:
            // a name that resolves either way is resolved, erring toward flagging.
            value.diverge(String.valueOf(escaped), String.valueOf(e));
            return;
        }
        value.append(escaped);
    }

    /** A single-quoted string: no escapes, a doubled quote is one quote. */
    private void singleQuoted(Value value) {
        pos++;
        while (pos < end) {
            char c = text.charAt(pos);
            if (isSingleQuote(c)) {
                if (closesString(value)) {
                    return;
                }
                continue;
            }
            value.append(c);
            pos++;
        }
    }

    /** A double-quoted string; returns whether it expands anything. Its {@code $(...)} holds code. */
    private boolean doubleQuoted(Value value) {
        pos++;
        boolean expandable = false;
        while (pos < end) {
            char c = text.charAt(pos);
            if (isDoubleQuote(c)) {
                if (closesString(value)) {
                    return expandable;
                }
                continue;
            }
            if (c == '`' && pos + 1 < end) {
                escape(value);
                continue;
            }
            if (c == '$') {
                int from = pos;
                if (expansion()) {
                    expandable = true;
                    value.append(text, from, pos);
                    continue;
                }
            }
            value.append(c);
            pos++;
        }
        return expandable;
    }

    /**
     * At a quote inside a quoted string: a second quote of the same kind right after it makes the two
     * one quote of the value and the string goes on; otherwise the quote closes the string. Moves past
     * the quotes read; answers whether the string is closed.
     */
    private boolean closesString(Value value) {
        char quote = text.charAt(pos);
        if (pos + 1 < end && (isSingleQuote(quote) ? isSingleQuote(text.charAt(pos + 1)) : isDoubleQuote(text.charAt(pos + 1)))) {
            value.append(text.charAt(pos + 1));
            pos += 2;
            return false;
        }
        pos++;
        return true;
    }

    /**
     * A here-string after {@code @'} or {@code @"}: the header must end its line, and the footer
     * ({@code '@} or {@code "@}) must start one. Its text is not code, except the {@code $(...)} of
     * the expandable form.
     */
    private void hereString() {
        boolean expandable = isDoubleQuote(text.charAt(pos + 1));
        pos += 2;
        while (pos < end && isWhitespace(text.charAt(pos))) {
            pos++;
        }
        if (pos >= end) {
            return;
        }
        if (!isNewline(text.charAt(pos))) {
            // PowerShell reports an error and looks for the footer on this line only.
            while (pos < end && !isNewline(text.charAt(pos))) {
                if (closesHereString(expandable)) {
                    pos += 2;
                    return;
                }
                pos++;
            }
            return;
        }
        pos = afterNewline(pos);
        boolean lineStart = true;
        while (pos < end) {
            char c = text.charAt(pos);
            if (lineStart && closesHereString(expandable)) {
                pos += 2;
                return;
            }
            lineStart = false;
            if (isNewline(c)) {
                pos = afterNewline(pos);
                lineStart = true;
                continue;
            }
            if (expandable && c == '$' && expansion()) {
                continue;
            }
            if (expandable && c == '`' && pos + 1 < end) {
                pos += 2; // an escaped line break does not start a line that could hold the footer
                continue;
            }
            pos++;
        }
    }

    private boolean closesHereString(boolean expandable) {
        char c = text.charAt(pos);
        return (expandable ? isDoubleQuote(c) : isSingleQuote(c)) && at(pos + 1) == '@';
    }

    /** At {@code $} in a string or a word: a sub-expression or a variable is read; a lone {@code $} is text. */
    private boolean expansion() {
        if (pos + 1 >= end) {
            return false;
        }
        char next = text.charAt(pos + 1);
        if (next == '(') {
            pos += 2;
            statementList(')');
            return true;
        }
        if (next == '{' || isVariableStart(next)) {
            variable(false);
            return true;
        }
        return false;
    }

    /**
     * At {@code $} or {@code @}: reads {@code $name}, <code>${any name}</code> or {@code @name} and
     * returns the name. In command mode a variable followed by a character that neither ends a word
     * nor starts member access belongs to a bare word ({@code $server-01}); then nothing is read and
     * null is returned.
     */
    private String variable(boolean commandMode) {
        int start = pos;
        pos++;
        StringBuilder name = new StringBuilder();
        if (pos < end && text.charAt(pos) == '{') {
            pos++;
            while (pos < end) {
                char c = text.charAt(pos);
                if (c == '}') {
                    pos++;
                    break;
                }
                if (c == '`' && pos + 1 < end) {
                    name.append(PowerShellChars.escaped(text.charAt(pos + 1), false));
                    pos += 2;
                    continue;
                }
                name.append(c);
                pos++;
            }
            if (commandMode && pos < end && !endsWord(text.charAt(pos)) && text.charAt(pos) != '.' && text.charAt(pos) != '[') {
                pos = start;
                return null;
            }
            return name.toString();
        }
        if (pos >= end || !isVariableStart(text.charAt(pos))) {
            pos = start;
            return null;
        }
        char first = text.charAt(pos++);
        name.append(first);
        if (first == '$' || first == '?' || first == '^') {
            if (commandMode && pos < end && !endsWord(text.charAt(pos))) {
                pos = start;
                return null;
            }
            return name.toString();
        }
        while (pos < end) {
            char c = text.charAt(pos);
            if (isAsciiLetterOrDigit(c) || c == '_' || c == '?' || (c >= 128 && Character.isLetterOrDigit(c))) {
                name.append(c);
                pos++;
            } else if (c == ':' && at(pos + 1) != ':') {
                name.append(c);
                pos++;
            } else {
                if (commandMode && !endsWord(c) && c != '.' && c != '[' && c != '=' && c != ':') {
                    pos = start;
                    return null;
                }
                break;
            }
        }
        return name.toString();
    }

    // ---------------------------------------------------------------- trivia

    /** Spaces, comments and line continuations: what may stand between two tokens of one statement. */
    private void skipSpace() {
        while (pos < end) {
            char c = text.charAt(pos);
            if (isWhitespace(c)) {
                pos++;
            } else if (c == '`' && pos + 1 < end && (isNewline(text.charAt(pos + 1)) || isWhitespace(text.charAt(pos + 1))
                    || Character.isWhitespace(text.charAt(pos + 1)))) {
                pos = isNewline(text.charAt(pos + 1)) ? afterNewline(pos + 1) : pos + 2;
            } else if (c == '`' && pos + 1 == end) {
                pos++; // a backtick ending the text: PowerShell reports incomplete input and reads nothing
            } else if (c == '#') {
                pos = lineCommentEnd(pos);
            } else if (c == '<' && at(pos + 1) == '#') {
                pos = blockCommentEnd(pos);
            } else {
                break;
            }
        }
    }

    private void skipSpaceAndNewlines() {
        while (true) {
            skipSpace();
            if (pos < end && isNewline(text.charAt(pos))) {
                pos++;
            } else {
                return;
            }
        }
    }

    private void skipSeparators() {
        while (true) {
            skipSpace();
            if (pos < end && (isNewline(text.charAt(pos)) || text.charAt(pos) == ';')) {
                pos++;
            } else {
                return;
            }
        }
    }

    /**
     * PowerShell 7 continues a pipeline on a line that starts with {@code |}, past comment lines
     * but not past a blank line. Returns the pipe's offset, or -1. Remembered for the newline it
     * was asked for, so nested statements ending at one line break look ahead once.
     */
    private int pipeOnNextLine(int newline) {
        if (newline == pipeLookaheadFrom) {
            return pipeLookaheadResult;
        }
        int p = afterNewline(newline);
        int result = -1;
        boolean blank = true;
        while (p < end) {
            char c = text.charAt(p);
            if (isWhitespace(c)) {
                p++;
            } else if (isNewline(c)) {
                if (blank) {
                    break;
                }
                blank = true;
                p = afterNewline(p);
            } else if (c == '#') {
                blank = false;
                p = lineCommentEnd(p);
            } else if (c == '<' && at(p + 1) == '#') {
                blank = false;
                p = blockCommentEnd(p);
            } else {
                if (c == '|' && at(p + 1) != '|') {
                    result = p;
                }
                break;
            }
        }
        pipeLookaheadFrom = newline;
        pipeLookaheadResult = result;
        return result;
    }

    private int lineCommentEnd(int p) {
        while (p < end && !isNewline(text.charAt(p))) {
            p++;
        }
        return p;
    }

    /** After {@code <#}: up to and past the first {@code #>}, or the end of an unterminated comment. */
    private int blockCommentEnd(int p) {
        p += 2;
        while (p < end) {
            if (text.charAt(p) == '#' && at(p + 1) == '>') {
                return p + 2;
            }
            p++;
        }
        return end;
    }

    private int afterNewline(int p) {
        if (text.charAt(p) == '\r' && p + 1 < end && text.charAt(p + 1) == '\n') {
            return p + 2;
        }
        return p + 1;
    }

    private boolean startsWith(String s) {
        return text.startsWith(s, pos);
    }

    private char at(int i) {
        return i < end ? text.charAt(i) : '\0';
    }
}
