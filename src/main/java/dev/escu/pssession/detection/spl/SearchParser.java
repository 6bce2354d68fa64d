package dev.escu.pssession.detection.spl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.escu.pssession.detection.spl.SearchExpression.FieldComparison;
import dev.escu.pssession.detection.spl.SearchExpression.FieldIn;
import dev.escu.pssession.detection.spl.SearchExpression.Junction;
import dev.escu.pssession.detection.spl.SearchExpression.MatchAll;
import dev.escu.pssession.detection.spl.SearchExpression.Not;
import dev.escu.pssession.detection.spl.SearchExpression.Operator;

/**
 * Parses the arguments of a {@code search} command (the implicit first command too) into a
 * {@link SearchExpression}, with the search command's precedence (Splunk Search Manual, "Boolean
 * expressions": parentheses, then NOT, then OR, then AND; juxtaposed terms are ANDed):
 * {@code a b OR c} is {@code a AND (b OR c)} and {@code a OR b c} is {@code (a OR b) AND c}.
 *
 * <p>Anything outside the subset is an {@link UnsupportedSearchException} at the construct's
 * position: keywords and phrases (they search {@code _raw}), comparisons such as {@code <},
 * subsearches, search modifiers such as {@code index=} or {@code earliest=}, lower-case boolean
 * words (Splunk takes them as keywords).
 */
final class SearchParser {

    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.]*");
    /** Search modifiers and internal fields this service has no value for: Splunk would use them, so skip. */
    private static final Set<String> MODIFIERS = Set.of("index", "earliest", "latest", "eventtype", "tag",
            "splunk_server", "splunk_server_group", "savedsearch", "savedsplunk", "startdaysago", "enddaysago",
            "starthoursago", "endhoursago", "startminutesago", "endminutesago", "starttime", "endtime",
            "timeformat", "searchtimespanhours", "searchtimespanminutes", "searchtimespandays",
            "hoursago", "minutesago", "daysago", "linecount", "punct", "timestartpos", "timeendpos");

    private final ExpandedSearch search;
    private final int end;
    private final int maxDepth;
    private int at;

    private SearchParser(ExpandedSearch search, int from, int to, int maxDepth) {
        this.search = search;
        this.at = from;
        this.end = to;
        this.maxDepth = maxDepth;
    }

    /** The expression of the search arguments in {@code [from, to)} of the expanded search. */
    static SearchExpression parse(ExpandedSearch search, int from, int to, int maxDepth) throws UnsupportedSearchException {
        SearchParser parser = new SearchParser(search, from, to, maxDepth);
        parser.skipSpace();
        if (parser.at >= to) {
            throw search.unsupported("the search command has no search terms", Math.max(from - 1, 0));
        }
        SearchExpression expression = parser.and(0);
        parser.skipSpace();
        if (parser.at < to) {
            throw search.unsupported("unexpected '" + search.charAt(parser.at) + "'", parser.at);
        }
        return expression;
    }

    // AND, explicit or by juxtaposition, binds loosest.
    private SearchExpression and(int depth) throws UnsupportedSearchException {
        List<SearchExpression> operands = new ArrayList<>();
        operands.add(or(depth));
        while (true) {
            skipSpace();
            if (at >= end || peek() == ')') {
                break;
            }
            skipOperator("AND");
            operands.add(or(depth));
        }
        return operands.size() == 1 ? operands.get(0) : new Junction(Operator.AND, operands);
    }

    private SearchExpression or(int depth) throws UnsupportedSearchException {
        List<SearchExpression> operands = new ArrayList<>();
        operands.add(not(depth));
        while (true) {
            skipSpace();
            if (!skipOperator("OR")) {
                break;
            }
            operands.add(not(depth));
        }
        return operands.size() == 1 ? operands.get(0) : new Junction(Operator.OR, operands);
    }

    private SearchExpression not(int depth) throws UnsupportedSearchException {
        skipSpace();
        if (isOperator("NOT")) {
            if (depth >= maxDepth) {
                throw search.unsupported("NOT and parentheses nested deeper than " + maxDepth, at);
            }
            skipOperator("NOT");
            return new Not(not(depth + 1));
        }
        return primary(depth);
    }

    /** Moves past {@code operator} if it comes next, and the space after it; a search term must follow it. */
    private boolean skipOperator(String operator) throws UnsupportedSearchException {
        if (!isOperator(operator)) {
            return false;
        }
        int position = at;
        at += operator.length();
        skipSpace();
        if (at >= end || peek() == ')') {
            throw search.unsupported(operator + " without a search term after it", position);
        }
        return true;
    }

    private SearchExpression primary(int depth) throws UnsupportedSearchException {
        skipSpace();
        if (at >= end) {
            throw search.unsupported("a search term is missing", end - 1);
        }
        char c = peek();
        int start = at;
        if (c == '(') {
            if (depth >= maxDepth) {
                throw search.unsupported("NOT and parentheses nested deeper than " + maxDepth, start);
            }
            at++;
            skipSpace();
            if (at < end && peek() == ')') {
                throw search.unsupported("empty parentheses", start);
            }
            SearchExpression inside = and(depth + 1);
            skipSpace();
            if (at >= end || peek() != ')') {
                throw search.unsupported("a parenthesis is never closed", start);
            }
            at++;
            return inside;
        }
        if (c == ')') {
            throw search.unsupported("')' without its '('", start);
        }
        if (c == '"') {
            throw search.unsupported("quoted phrase " + shown(start) + " searches the raw event text (_raw), which is not kept", start);
        }
        if (c == '[') {
            throw search.unsupported("subsearch", start);
        }
        if (c == '=' || c == '<' || c == '>' || c == '!') {
            throw search.unsupported("'" + c + "' without a field name before it", start);
        }
        String word = word();
        refuseDirective(word, start);
        if (word.equals("*")) {
            return new MatchAll();
        }
        if (word.equals("AND") || word.equals("OR")) {
            throw search.unsupported(word + " without a search term before it", start);
        }
        int afterWord = at;
        skipSpace();
        if (at < end && peek() == '=') {
            at++;
            return comparison(word, false, start);
        }
        if (at + 1 < end && peek() == '!' && search.charAt(at + 1) == '=') {
            at += 2;
            return comparison(word, true, start);
        }
        if (at < end && (peek() == '<' || peek() == '>')) {
            throw search.unsupported("comparison operator '" + peek() + "'", at);
        }
        if (isOperator("IN")) {
            checkField(word, start);
            at += 2;
            return in(word, start);
        }
        at = afterWord;
        refuseSubsearch();
        throw search.unsupported("search term " + shown(word) + " has no field: it searches the raw event text (_raw), which is not kept", start);
    }

    private SearchExpression comparison(String field, boolean negated, int start) throws UnsupportedSearchException {
        checkField(field, start);
        skipSpace();
        if (at >= end || Character.isWhitespace(peek()) || peek() == ')' || peek() == '(') {
            throw search.unsupported("no value after " + field + (negated ? "!=" : "="), start);
        }
        WildcardValue value = value(false);
        return new FieldComparison(field, negated, value);
    }

    private SearchExpression in(String field, int start) throws UnsupportedSearchException {
        skipSpace();
        refuseSubsearch();
        if (at >= end || peek() != '(') {
            throw search.unsupported(field + " IN needs a list in parentheses", start);
        }
        int open = at;
        at++;
        List<WildcardValue> values = new ArrayList<>();
        while (true) {
            skipSpace();
            if (at >= end) {
                throw search.unsupported("the IN list is never closed", open);
            }
            char c = peek();
            if (c == ')') {
                at++;
                break;
            }
            if (c == ',') { // IN (,"a",): empty items are ignored
                at++;
                continue;
            }
            values.add(value(true));
            skipSpace();
            if (at < end && peek() == ',') {
                at++;
            } else if (at < end && peek() != ')') {
                throw search.unsupported("IN values must be separated by commas", at);
            }
        }
        if (values.isEmpty()) {
            throw search.unsupported(field + " IN has no values", start);
        }
        return new FieldIn(field, values);
    }

    /** A quoted or bare value; a bare one ends at whitespace or a parenthesis (and, in an IN list, a comma). */
    private WildcardValue value(boolean inList) throws UnsupportedSearchException {
        int start = at;
        StringBuilder value = new StringBuilder();
        if (peek() == '"') {
            at++;
            while (true) {
                if (at >= end) {
                    throw search.unsupported("a quoted value is never closed", start);
                }
                char c = search.charAt(at);
                if (c == '"') {
                    at++;
                    break;
                }
                if (c == '\\') {
                    escape(value);
                    continue;
                }
                value.append(c);
                at++;
            }
            if (at < end && !Character.isWhitespace(peek()) && peek() != ')' && !(inList && peek() == ',')) {
                throw search.unsupported("text right after the closing quote of " + shown(start), at);
            }
            return new WildcardValue(value.toString());
        }
        while (at < end) {
            char c = search.charAt(at);
            if (Character.isWhitespace(c) || c == '(' || c == ')' || (inList && c == ',')) {
                break;
            }
            if (c == '"') {
                throw search.unsupported("a quote inside the unquoted value " + shown(start), at);
            }
            if (c == '[') {
                throw search.unsupported("subsearch", at);
            }
            if (c == '\\') {
                escape(value);
                continue;
            }
            value.append(c);
            at++;
        }
        if (value.length() == 0) {
            throw search.unsupported("a value is missing", start);
        }
        refuseDirective(search.text().substring(start, at), start);
        return new WildcardValue(value.toString());
    }

    /** A subsearch where the parser stands: refused as such rather than as whatever it would misread. */
    private void refuseSubsearch() throws UnsupportedSearchException {
        if (at < end && peek() == '[') {
            throw search.unsupported("subsearch", at);
        }
    }

    /**
     * {@code CASE(term)} and {@code TERM(term)} (Search Manual, "Use CASE() and TERM() to match phrases")
     * match case-sensitively or as one indexed term; read as a bare value ending at the parenthesis they
     * would become {@code field="CASE" AND (term)}. Refused, in either case of letters.
     */
    private void refuseDirective(String word, int start) throws UnsupportedSearchException {
        if (at < end && peek() == '(' && (word.equalsIgnoreCase("CASE") || word.equalsIgnoreCase("TERM"))) {
            throw search.unsupported("the " + word + "() directive is not supported", start);
        }
    }

    /**
     * The search language's backslash sequences (Search Reference, search command, "Quotes and escaping
     * characters"): {@code \\} is one backslash, {@code \"} a quote; other sequences reach the command
     * unchanged. {@code \*} is refused: a backslash cannot escape the wildcard, and what it does instead
     * is not documented. {@code \|} is refused too, for the same reason.
     */
    private void escape(StringBuilder value) throws UnsupportedSearchException {
        if (at + 1 >= end) {
            throw search.unsupported("a backslash ends the search", at);
        }
        char next = search.charAt(at + 1);
        if (next == '\\' || next == '"') {
            value.append(next);
        } else if (next == '*' || next == '|') {
            throw search.unsupported("\\" + next + " has no documented meaning in a search value", at);
        } else {
            value.append('\\').append(next);
        }
        at += 2;
    }

    private String word() {
        int start = at;
        while (at < end) {
            char c = search.charAt(at);
            if (Character.isWhitespace(c) || c == '(' || c == ')' || c == '=' || c == '"' || c == '<' || c == '>' || c == '['
                    || (c == '!' && at + 1 < end && search.charAt(at + 1) == '=')) {
                break;
            }
            at++;
        }
        return search.text().substring(start, at);
    }

    private void checkField(String field, int start) throws UnsupportedSearchException {
        if (MODIFIERS.contains(field) || field.startsWith("_")) {
            throw search.unsupported("search modifier " + field + " is not supported", start);
        }
        if (!FIELD_NAME.matcher(field).matches()) {
            throw search.unsupported(shown(field) + " is not a field name", start);
        }
    }

    /** An upper-case boolean operator at the current position (Splunk takes lower-case ones as keywords). */
    private boolean isOperator(String operator) {
        int n = operator.length();
        if (at + n > end || !search.text().startsWith(operator, at)) {
            return false;
        }
        if (at + n == end) {
            return true;
        }
        char after = search.charAt(at + n);
        return Character.isWhitespace(after) || after == '(' || (after == ')' && !operator.equals("IN"));
    }

    private char peek() {
        return search.charAt(at);
    }

    private void skipSpace() {
        while (at < end && Character.isWhitespace(search.charAt(at))) {
            at++;
        }
    }

    private String shown(int start) {
        int stop = start;
        while (stop < end && stop - start < 40 && !Character.isWhitespace(search.charAt(stop))) {
            stop++;
        }
        return shown(search.text().substring(start, stop));
    }

    private static String shown(String text) {
        return "'" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'";
    }
}
