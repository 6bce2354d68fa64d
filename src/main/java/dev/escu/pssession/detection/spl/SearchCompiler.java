package dev.escu.pssession.detection.spl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.escu.pssession.detection.spl.CommandTokens.Kind;
import dev.escu.pssession.detection.spl.CommandTokens.Token;
import dev.escu.pssession.detection.spl.EvalExpression.Case;
import dev.escu.pssession.detection.spl.EvalExpression.Coalesce;
import dev.escu.pssession.detection.spl.EvalExpression.Condition;
import dev.escu.pssession.detection.spl.EvalExpression.FieldReference;
import dev.escu.pssession.detection.spl.EvalExpression.Literal;
import dev.escu.pssession.detection.spl.StatsBy.Aggregate;
import dev.escu.pssession.detection.spl.StatsBy.Function;

/**
 * Compiles an ESCU search into a {@link CompiledSearch}, or refuses it with the first command or
 * construct outside the subset and its position (an {@link UnsupportedSearchException}).
 *
 * <p>The subset: the implicit first {@code search}; before {@code stats}: {@code search},
 * {@code fillnull}, {@code rename}, {@code regex}, {@code eval} (simple shapes); one
 * {@code stats count min(_time) max(_time) BY ...}; after it: {@code rename}, the ctime
 * {@code convert}, {@code search} over BY columns (the {@code _filter} macro) and {@code fillnull}.
 */
public final class SearchCompiler {

    /** The format of ESCU's {@code security_content_ctime} macro, the only one {@code convert} accepts here. */
    static final String CTIME_FORMAT = "%Y-%m-%dT%H:%M:%S";

    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("0|[1-9][0-9]{0,17}");

    private final ExpandedSearch search;
    private final SearchLimits limits;
    private final Set<String> possible; // the fields an event can have at this point of the pipeline

    private final List<EventStep> eventSteps = new ArrayList<>();
    private StatsBy stats;
    private final List<RowStep> rowSteps = new ArrayList<>();
    private final List<String> columns = new ArrayList<>(); // output column names as they stand
    private final List<Function> columnAggregates = new ArrayList<>(); // null for a BY column
    private final Set<Function> converted = new HashSet<>();

    private SearchCompiler(ExpandedSearch search, SearchLimits limits, Set<String> carriedFields) {
        this.search = search;
        this.limits = limits;
        this.possible = new HashSet<>(carriedFields);
    }

    /**
     * @param search        the search as written in the detection file
     * @param macros        the macros it may call
     * @param carriedFields the fields the events carry, against which the BY fields are checked
     *                      (a BY field no event can have makes Splunk return no rows)
     */
    public static CompiledSearch compile(String search, Macros macros, Set<String> carriedFields, SearchLimits limits)
            throws UnsupportedSearchException {
        if (search.length() > limits.maxSearchChars()) {
            throw new UnsupportedSearchException("the search has " + search.length() + " characters, more than the limit of "
                    + limits.maxSearchChars(), 0);
        }
        ExpandedSearch expanded = MacroExpander.expand(search, macros, limits);
        return new SearchCompiler(expanded, limits, carriedFields).compile();
    }

    /** With the default limits. */
    public static CompiledSearch compile(String search, Macros macros, Set<String> carriedFields) throws UnsupportedSearchException {
        return compile(search, macros, carriedFields, SearchLimits.DEFAULT);
    }

    private CompiledSearch compile() throws UnsupportedSearchException {
        List<int[]> commands = commands();
        int[] first = commands.get(0);
        int from = skipSpace(first[0], first[1]);
        if (from >= first[1]) {
            if (commands.size() > 1) {
                int[] generating = commands.get(1);
                int at = skipSpace(generating[0], generating[1]);
                throw search.unsupported("generating command " + word(at, generating[1]) + " (the search does not start with search terms)", at);
            }
            throw search.unsupported("the search is empty", 0);
        }
        String firstWord = word(from, first[1]);
        if (firstWord.equalsIgnoreCase("search") && from + 6 < first[1] && Character.isWhitespace(search.charAt(from + 6))) {
            from += 6;
        }
        SearchExpression where = SearchParser.parse(search, from, first[1], limits.maxNestingDepth());
        for (int c = 1; c < commands.size(); c++) {
            command(commands.get(c)[0], commands.get(c)[1]);
        }
        if (stats == null) {
            throw search.unsupported("the search has no stats command", Math.max(search.length() - 1, 0));
        }
        return new CompiledSearch(where, withFillNullFields(), stats, rowSteps, columns,
                converted.contains(Function.MIN_TIME), converted.contains(Function.MAX_TIME), limits);
    }

    /**
     * The commands as [from, to) ranges, split at pipes outside quotes. An unquoted '[' opens a
     * subsearch, whose pipes are its own: the command holding it runs to the end of the search, and
     * its parser refuses the subsearch where it stands, after anything unsupported before it.
     */
    private List<int[]> commands() throws UnsupportedSearchException {
        List<int[]> commands = new ArrayList<>();
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < search.length(); i++) {
            char c = search.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '[') {
                commands.add(new int[] {start, search.length()});
                return commands;
            } else if (!quoted && c == '|') {
                commands.add(new int[] {start, i});
                start = i + 1;
            }
        }
        if (quoted) {
            throw search.unsupported("a quote is never closed", search.length() - 1);
        }
        commands.add(new int[] {start, search.length()});
        return commands;
    }

    private void command(int from, int to) throws UnsupportedSearchException {
        int at = skipSpace(from, to);
        if (at >= to) {
            throw search.unsupported("an empty command between two pipes", Math.max(from - 1, 0));
        }
        if (search.charAt(at) == '[') {
            throw search.unsupported("subsearch", at);
        }
        String name = word(at, to);
        int args = at + name.length();
        boolean afterStats = stats != null;
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "search" -> {
                SearchExpression expression = SearchParser.parse(search, args, to, limits.maxNestingDepth());
                if (afterStats) {
                    rowSteps.add(new RowStep.Filter(resolveRowFilter(expression, columns, isAggregate(), search, at)));
                } else {
                    eventSteps.add(new EventStep.Filter(expression));
                }
            }
            case "fillnull" -> {
                int rest = skipSpace(args, to);
                if (rest < to) {
                    throw search.unsupported(search.charAt(rest) == '[' ? "subsearch" : "fillnull with arguments", rest);
                }
                if (afterStats) {
                    rowSteps.add(new RowStep.FillNullRows());
                } else {
                    eventSteps.add(new EventStep.FillNull(List.of())); // its fields are known once the later steps are
                }
            }
            case "stats" -> stats(CommandTokens.of(search, args, to), at);
            case "rename" -> rename(CommandTokens.of(search, args, to), afterStats);
            case "convert" -> {
                if (!afterStats) {
                    throw search.unsupported("convert before stats", at);
                }
                convert(CommandTokens.of(search, args, to));
            }
            case "regex" -> {
                if (afterStats) {
                    throw search.unsupported("regex after stats", at);
                }
                regex(CommandTokens.of(search, args, to), at);
            }
            case "eval" -> {
                if (afterStats) {
                    throw search.unsupported("eval after stats", at);
                }
                eval(CommandTokens.of(search, args, to));
            }
            default -> throw search.unsupported("unsupported command " + name, at);
        }
    }

    // ---------------------------------------------------------------- stats

    private void stats(CommandTokens tokens, int at) throws UnsupportedSearchException {
        if (stats != null) {
            throw search.unsupported("a second stats command", at);
        }
        List<Aggregate> aggregates = new ArrayList<>();
        boolean by = false;
        while (tokens.hasNext()) {
            Token token = tokens.take();
            if (token.isWord("by")) {
                by = true;
                break;
            }
            if (token.kind() != Kind.WORD) {
                throw tokens.unsupported("unexpected '" + token.raw() + "' in stats", token);
            }
            aggregates.add(aggregate(tokens, token));
            tokens.takeIf(Kind.COMMA);
        }
        if (aggregates.isEmpty()) {
            throw search.unsupported("stats without an aggregation", at);
        }
        if (!by) {
            throw search.unsupported("stats without BY", at);
        }
        for (Function function : Function.values()) {
            if (aggregates.stream().filter(a -> a.function() == function).count() != 1) {
                throw search.unsupported("stats needs count, min(_time) and max(_time), each once", at);
            }
        }
        List<String> byFields = new ArrayList<>();
        while (tokens.hasNext()) {
            Token token = tokens.take();
            if (token.kind() == Kind.COMMA) {
                continue;
            }
            if (token.kind() != Kind.WORD && token.kind() != Kind.QUOTED) {
                throw tokens.unsupported("unexpected '" + token.raw() + "' in the BY list", token);
            }
            String field = token.text();
            if (field.equals("_time")) {
                throw tokens.unsupported("BY _time (a row per timestamp) is not supported", token);
            }
            if (!FIELD_NAME.matcher(field).matches()) {
                throw tokens.unsupported("'" + field + "' is not a field name", token);
            }
            if (byFields.contains(field)) {
                throw tokens.unsupported("BY field " + field + " is listed twice", token);
            }
            if (!possible.contains(field)) {
                throw tokens.unsupported("BY field " + field + " is never carried by 4104 events (Splunk would return no rows)", token);
            }
            byFields.add(field);
        }
        if (byFields.isEmpty()) {
            throw search.unsupported("BY without fields", at);
        }
        Set<String> names = new HashSet<>(byFields);
        for (Aggregate aggregate : aggregates) {
            if (!names.add(aggregate.name())) {
                throw search.unsupported("stats output " + aggregate.name() + " is named twice", at);
            }
        }
        stats = new StatsBy(byFields, aggregates);
        for (String field : byFields) {
            columns.add(field);
            columnAggregates.add(null);
        }
        for (Aggregate aggregate : aggregates) {
            columns.add(aggregate.name());
            columnAggregates.add(aggregate.function());
        }
    }

    private Aggregate aggregate(CommandTokens tokens, Token name) throws UnsupportedSearchException {
        String function = name.text().toLowerCase(java.util.Locale.ROOT);
        Function kind;
        String output;
        if (tokens.peek() != null && tokens.peek().kind() == Kind.OPEN) {
            tokens.take();
            Token argument = tokens.take();
            if (argument.kind() == Kind.CLOSE) {
                throw tokens.unsupported("stats function " + name.text() + "() is not supported", name);
            }
            tokens.expect(Kind.CLOSE, "')'");
            if ((function.equals("min") || function.equals("max")) && argument.isWord("_time") && argument.text().equals("_time")) {
                kind = function.equals("min") ? Function.MIN_TIME : Function.MAX_TIME;
                output = name.text() + "(_time)";
            } else if (function.equals("count")) {
                throw tokens.unsupported("count(" + argument.raw() + ") counts only events with the field: not supported", name);
            } else {
                throw tokens.unsupported("stats function " + name.text() + "(" + argument.raw() + ") is not supported", name);
            }
        } else if (function.equals("count")) {
            kind = Function.COUNT;
            output = name.text();
        } else if (tokens.peek() != null && tokens.peek().kind() == Kind.EQUALS) {
            throw tokens.unsupported("stats option " + name.text() + "= is not supported", name);
        } else {
            throw tokens.unsupported("stats function " + name.text() + " is not supported", name);
        }
        if (tokens.takeWordIf("as")) {
            Token as = tokens.take();
            if (as.kind() != Kind.WORD && as.kind() != Kind.QUOTED || as.text().isEmpty() || as.text().contains("*")) {
                throw tokens.unsupported("expected a name after AS", as);
            }
            output = as.text();
        }
        return new Aggregate(kind, output);
    }

    // ---------------------------------------------------------------- rename, convert

    private void rename(CommandTokens tokens, boolean afterStats) throws UnsupportedSearchException {
        if (!tokens.hasNext()) {
            throw tokens.unsupported("rename without fields", 0);
        }
        while (tokens.hasNext()) {
            Token from = fieldName(tokens, "a field to rename");
            Token as = tokens.take();
            if (!as.isWord("as")) {
                throw tokens.unsupported("expected AS but found '" + as.raw() + "'", as);
            }
            Token to = fieldName(tokens, "a new field name");
            tokens.takeIf(Kind.COMMA);
            if (afterStats) {
                renameColumn(from, to, tokens);
            } else {
                if (from.text().startsWith("_") || to.text().startsWith("_")) {
                    throw tokens.unsupported("rename of an internal field", from);
                }
                if (!from.text().equals(to.text())) {
                    eventSteps.add(new EventStep.Rename(from.text(), to.text()));
                    // the destination takes the source's value, or goes with it
                    if (possible.remove(from.text())) {
                        possible.add(to.text());
                    } else {
                        possible.remove(to.text());
                    }
                }
            }
        }
    }

    private Token fieldName(CommandTokens tokens, String what) throws UnsupportedSearchException {
        Token token = tokens.take();
        if (token.kind() != Kind.WORD && token.kind() != Kind.QUOTED) {
            throw tokens.unsupported("expected " + what + " but found '" + token.raw() + "'", token);
        }
        if (token.text().contains("*")) {
            throw tokens.unsupported("rename with a wildcard", token);
        }
        if (token.text().isEmpty()) {
            throw tokens.unsupported("an empty field name", token);
        }
        return token;
    }

    private void renameColumn(Token from, Token to, CommandTokens tokens) throws UnsupportedSearchException {
        int index = columns.indexOf(from.text());
        if (index < 0) {
            throw tokens.unsupported("rename of " + from.text() + ", which the result rows do not have", from);
        }
        if (from.text().equals(to.text())) {
            return;
        }
        if (columns.contains(to.text())) {
            throw tokens.unsupported("rename onto " + to.text() + ", which the result rows already have", to);
        }
        columns.set(index, to.text());
        rowSteps.add(new RowStep.RenameColumn(from.text(), to.text()));
    }

    /** {@code convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(field) ...}: ESCU's security_content_ctime. */
    private void convert(CommandTokens tokens) throws UnsupportedSearchException {
        boolean formatted = false;
        int functions = 0;
        while (tokens.hasNext()) {
            Token token = tokens.take();
            if (token.isWord("timeformat")) {
                tokens.expect(Kind.EQUALS, "'=' after timeformat");
                Token format = tokens.take();
                if (format.kind() != Kind.QUOTED || !format.text().equals(CTIME_FORMAT)) {
                    throw tokens.unsupported("convert timeformat other than \"" + CTIME_FORMAT + "\"", format);
                }
                formatted = true;
            } else if (token.isWord("ctime")) {
                if (!formatted) {
                    throw tokens.unsupported("ctime without timeformat=\"" + CTIME_FORMAT + "\"", token);
                }
                tokens.expect(Kind.OPEN, "'(' after ctime");
                Token field = tokens.expect(Kind.WORD, "a field name");
                tokens.expect(Kind.CLOSE, "')'");
                if (tokens.peek() != null && tokens.peek().isWord("as")) {
                    throw tokens.unsupported("ctime(...) AS is not supported", tokens.peek());
                }
                ctime(field, tokens);
                functions++;
            } else {
                throw tokens.unsupported("convert " + token.raw() + " is not supported", token);
            }
        }
        if (functions == 0) {
            throw tokens.unsupported("convert without ctime(...)", 0);
        }
    }

    private void ctime(Token field, CommandTokens tokens) throws UnsupportedSearchException {
        int index = columns.indexOf(field.text());
        if (index < 0) {
            return; // convert on a field the rows lack changes nothing
        }
        Function aggregate = columnAggregates.get(index);
        if (aggregate != Function.MIN_TIME && aggregate != Function.MAX_TIME) {
            throw tokens.unsupported("ctime(" + field.text() + ") of a column that is not min(_time) or max(_time)", field);
        }
        if (!converted.add(aggregate)) {
            throw tokens.unsupported("ctime(" + field.text() + ") converts a time that is already text", field);
        }
        rowSteps.add(new RowStep.ConvertCtime(field.text()));
    }

    // ---------------------------------------------------------------- regex, eval

    private void regex(CommandTokens tokens, int at) throws UnsupportedSearchException {
        Token field = tokens.take();
        if (field.kind() == Kind.QUOTED) {
            throw tokens.unsupported("regex without a field matches the raw event text (_raw), which is not kept", field);
        }
        if (field.kind() != Kind.WORD || !FIELD_NAME.matcher(field.text()).matches() || field.text().startsWith("_")) {
            throw tokens.unsupported("regex needs field=\"pattern\"", field);
        }
        Token operator = tokens.take();
        if (operator.kind() != Kind.EQUALS && operator.kind() != Kind.NOT_EQUALS) {
            throw tokens.unsupported("regex needs field=\"pattern\" or field!=\"pattern\"", operator);
        }
        Token pattern = tokens.take();
        if (pattern.kind() != Kind.QUOTED) {
            throw tokens.unsupported("regex with an unquoted pattern", pattern);
        }
        if (tokens.hasNext()) {
            throw tokens.unsupported("unexpected '" + tokens.peek().raw() + "' after the regex pattern", tokens.peek());
        }
        // The search language may undo \\ before PCRE sees the pattern, or not; both readings agree
        // only without it. \" is a quote in both.
        if (pattern.raw().contains("\\\\")) {
            throw tokens.unsupported("a regex with \\\\ (the search language and PCRE may each take one backslash away)", pattern);
        }
        try {
            Pattern compiled = PcreSubset.compile(pattern.text());
            eventSteps.add(new EventStep.RegexFilter(field.text(), operator.kind() == Kind.NOT_EQUALS, compiled));
        } catch (IllegalArgumentException e) {
            throw tokens.unsupported("regex pattern outside what PCRE and Java read alike: " + e.getMessage(), pattern);
        }
    }

    private void eval(CommandTokens tokens) throws UnsupportedSearchException {
        if (!tokens.hasNext()) {
            throw tokens.unsupported("eval without an assignment", 0);
        }
        while (tokens.hasNext()) {
            Token field = tokens.take();
            if ((field.kind() != Kind.WORD && field.kind() != Kind.FIELD_QUOTED) || !FIELD_NAME.matcher(field.text()).matches()
                    || field.text().startsWith("_")) {
                throw tokens.unsupported("eval needs field=expression", field);
            }
            tokens.expect(Kind.EQUALS, "'=' after " + field.text());
            EvalExpression expression = evalExpression(tokens);
            if (tokens.hasNext() && !tokens.takeIf(Kind.COMMA)) {
                throw tokens.unsupported("eval expression " + tokens.peek().raw() + "... is not supported", tokens.peek());
            }
            eventSteps.add(new EventStep.Eval(field.text(), expression));
            if (expression.mayHaveValue(possible)) {
                possible.add(field.text());
            } else {
                possible.remove(field.text());
            }
        }
    }

    private EvalExpression evalExpression(CommandTokens tokens) throws UnsupportedSearchException {
        Token token = tokens.take();
        switch (token.kind()) {
            case QUOTED -> {
                if (token.text().isEmpty()) {
                    throw tokens.unsupported("eval of an empty string (an empty value, which events here never hold)", token);
                }
                return new Literal(token.text());
            }
            case FIELD_QUOTED -> {
                return new FieldReference(token.text());
            }
            case WORD -> {
                if (tokens.peek() != null && tokens.peek().kind() == Kind.OPEN) {
                    return evalFunction(tokens, token);
                }
                if (WHOLE_NUMBER.matcher(token.text()).matches()) {
                    return new Literal(token.text());
                }
                if (!FIELD_NAME.matcher(token.text()).matches() || token.text().contains(".") || token.text().startsWith("_")) {
                    throw tokens.unsupported("eval term " + token.raw() + " is not supported", token);
                }
                return new FieldReference(token.text());
            }
            default -> throw tokens.unsupported("eval expression '" + token.raw() + "' is not supported", token);
        }
    }

    private EvalExpression evalFunction(CommandTokens tokens, Token name) throws UnsupportedSearchException {
        String function = name.text().toLowerCase(java.util.Locale.ROOT);
        tokens.expect(Kind.OPEN, "'('");
        switch (function) {
            case "coalesce" -> {
                List<EvalExpression> operands = new ArrayList<>();
                do {
                    operands.add(evalExpression(tokens));
                } while (tokens.takeIf(Kind.COMMA));
                tokens.expect(Kind.CLOSE, "')' closing coalesce(");
                return new Coalesce(operands);
            }
            case "case" -> {
                List<Condition> conditions = new ArrayList<>();
                List<EvalExpression> values = new ArrayList<>();
                do {
                    conditions.add(condition(tokens));
                    tokens.expect(Kind.COMMA, "',' between a case() condition and its value");
                    values.add(evalExpression(tokens));
                } while (tokens.takeIf(Kind.COMMA));
                tokens.expect(Kind.CLOSE, "')' closing case(");
                return new Case(conditions, values);
            }
            default -> throw tokens.unsupported("eval function " + name.text() + "() is not supported", name);
        }
    }

    private Condition condition(CommandTokens tokens) throws UnsupportedSearchException {
        Token name = tokens.take();
        if (name.kind() == Kind.WORD && tokens.peek() != null && tokens.peek().kind() == Kind.OPEN) {
            String function = name.text().toLowerCase(java.util.Locale.ROOT);
            tokens.take();
            if (function.equals("true")) {
                tokens.expect(Kind.CLOSE, "')' after true(");
                return new Condition(Condition.Test.TRUE, null);
            }
            if (function.equals("isnotnull") || function.equals("isnull")) {
                Token field = tokens.take();
                if ((field.kind() != Kind.WORD && field.kind() != Kind.FIELD_QUOTED) || !FIELD_NAME.matcher(field.text()).matches()
                        || field.kind() == Kind.WORD && field.text().contains(".")) {
                    throw tokens.unsupported(name.text() + "() of something other than a field", field);
                }
                tokens.expect(Kind.CLOSE, "')'");
                return new Condition(function.equals("isnull") ? Condition.Test.IS_NULL : Condition.Test.IS_NOT_NULL, field.text());
            }
        }
        throw tokens.unsupported("case() condition " + name.raw() + " is not supported (only isnotnull, isnull, true())", name);
    }

    // ---------------------------------------------------------------- after the pipeline is read

    /** Each fillnull fills the fields that the steps after it (and stats) read, under their names at that point. */
    private List<EventStep> withFillNullFields() {
        List<EventStep> steps = new ArrayList<>(eventSteps);
        Set<String> needed = new LinkedHashSet<>(stats.byFields());
        for (int s = steps.size() - 1; s >= 0; s--) {
            EventStep step = steps.get(s);
            if (step instanceof EventStep.Filter filter) {
                needed.addAll(filter.expression().fields());
            } else if (step instanceof EventStep.RegexFilter regex) {
                needed.add(regex.field());
            } else if (step instanceof EventStep.Rename rename) {
                boolean destinationNeeded = needed.remove(rename.to());
                needed.remove(rename.from());
                if (destinationNeeded) {
                    needed.add(rename.from());
                }
            } else if (step instanceof EventStep.Eval eval) {
                if (needed.remove(eval.field())) {
                    needed.addAll(eval.expression().fields());
                }
            } else if (step instanceof EventStep.FillNull) {
                steps.set(s, new EventStep.FillNull(List.copyOf(new TreeSet<>(needed))));
            }
        }
        return steps;
    }

    private List<Boolean> isAggregate() {
        return columnAggregates.stream().map(a -> a != null).toList();
    }

    /** A row search may read BY columns only: count and the times change as events arrive, so a group cannot be judged once. */
    private static RowFilter resolveRowFilter(SearchExpression expression, List<String> columns, List<Boolean> aggregate,
                                              ExpandedSearch text, int at) throws UnsupportedSearchException {
        Map<String, Integer> byIndex = new HashMap<>();
        for (String field : expression.fields()) {
            int index = columns.indexOf(field);
            if (index < 0) {
                continue; // the rows lack it: it reads as missing
            }
            if (aggregate.get(index)) {
                throw text.unsupported("a search after stats reads " + field + ", which changes as events arrive (only BY fields can be filtered per group)", at);
            }
            byIndex.put(field, index);
        }
        return new RowFilter(expression, byIndex);
    }

    private int skipSpace(int from, int to) {
        int at = from;
        while (at < to && Character.isWhitespace(search.charAt(at))) {
            at++;
        }
        return at;
    }

    private String word(int from, int to) {
        int at = from;
        while (at < to && !Character.isWhitespace(search.charAt(at)) && search.charAt(at) != '(' && search.charAt(at) != '"') {
            at++;
        }
        return search.text().substring(from, Math.max(at, from));
    }
}
