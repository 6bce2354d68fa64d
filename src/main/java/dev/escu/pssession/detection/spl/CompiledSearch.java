package dev.escu.pssession.detection.spl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import dev.escu.pssession.detection.Ctime;
import dev.escu.pssession.detection.MatchPrefilter;
import dev.escu.pssession.detection.WindowsEvent;
import dev.escu.pssession.detection.spl.StatsBy.Aggregate;

/**
 * One ESCU search, compiled: the first {@code search} command as an expression tree ({@link #where}),
 * the steps each kept event goes through before {@code stats}, the {@link StatsBy}, and the steps
 * on the result rows after it. Immutable and safe to share between threads.
 *
 * <p>Per event: {@link #group} (or, when a {@link SearchMatcher} already decided the first search,
 * {@link #groupOfMatch}) gives the BY values of the event's result row, or nothing when the search
 * drops the event. Per group: {@link #keepsRow} applies the searches after stats (the
 * {@code _filter} macro). Per row: {@link #row} renders the output columns as Splunk prints them.
 */
public final class CompiledSearch {

    private final SearchExpression where;
    private final List<EventStep> eventSteps;
    private final StatsBy stats;
    private final List<RowStep> rowSteps;
    private final List<String> outputColumns;
    private final boolean firstTimeCtime;
    private final boolean lastTimeCtime;
    private final SearchLimits limits;

    CompiledSearch(SearchExpression where, List<EventStep> eventSteps, StatsBy stats, List<RowStep> rowSteps,
                   List<String> outputColumns, boolean firstTimeCtime, boolean lastTimeCtime, SearchLimits limits) {
        this.where = where;
        this.eventSteps = List.copyOf(eventSteps);
        this.stats = stats;
        this.rowSteps = List.copyOf(rowSteps);
        this.outputColumns = List.copyOf(outputColumns);
        this.firstTimeCtime = firstTimeCtime;
        this.lastTimeCtime = lastTimeCtime;
        this.limits = limits;
    }

    /** The first search command (its macros expanded): what the one-pass matcher evaluates. */
    public SearchExpression where() {
        return where;
    }

    /** The commands between the first search and stats, in order. */
    public List<EventStep> eventSteps() {
        return eventSteps;
    }

    public StatsBy stats() {
        return stats;
    }

    /** The commands after stats, in order. */
    public List<RowStep> rowSteps() {
        return rowSteps;
    }

    /** The result columns in Splunk's order: the BY fields, then the aggregations as written, all as finally named. */
    public List<String> outputColumns() {
        return outputColumns;
    }

    /** Whether {@code min(_time)} is rendered by ctime (else as epoch seconds). */
    public boolean firstTimeCtime() {
        return firstTimeCtime;
    }

    /** Whether {@code max(_time)} is rendered by ctime (else as epoch seconds). */
    public boolean lastTimeCtime() {
        return lastTimeCtime;
    }

    /** What the first search command needs in an event's raw bytes, for {@link dev.escu.pssession.detection.MatchPrefilter}. */
    public MatchPrefilter.Terms scriptBlockTerms() {
        return PrefilterTerms.of(where);
    }

    /** Whether the first search command keeps the event (the reference evaluation; the matcher agrees with it). */
    public boolean keeps(WindowsEvent event) {
        return where.test(new EventValues(event));
    }

    /** The BY values of the event's result row (after fillnull, in stats order), or empty when the search drops it. */
    public Optional<List<String>> group(WindowsEvent event) {
        return keeps(event) ? groupOfMatch(event) : Optional.empty();
    }

    /** Like {@link #group}, for an event whose first search command is known to hold (a matcher hit). */
    public Optional<List<String>> groupOfMatch(WindowsEvent event) {
        FieldValues values = eventSteps.isEmpty() ? new EventValues(event) : stepsApplied(event);
        if (values == null) {
            return Optional.empty();
        }
        List<String> by = stats.byFields();
        String[] group = new String[by.size()];
        for (int i = 0; i < group.length; i++) {
            String value = values.value(by.get(i));
            if (value == null) {
                return Optional.empty(); // stats BY drops an event with a null group field
            }
            group[i] = value;
        }
        return Optional.of(Collections.unmodifiableList(java.util.Arrays.asList(group)));
    }

    /** Whether the searches after stats keep the row of the group with these BY values. */
    public boolean keepsRow(List<String> groupValues) {
        for (RowStep step : rowSteps) {
            if (step instanceof RowStep.Filter filter && !filter.filter().keeps(groupValues)) {
                return false;
            }
        }
        return true;
    }

    /** {@code min(_time)} as the row shows it: ctime text in the caller's zone, or epoch seconds. */
    public String firstTimeText(Instant firstTime, Ctime ctime) {
        return firstTimeCtime ? ctime.format(firstTime) : EpochText.of(firstTime);
    }

    /** {@code max(_time)} as the row shows it: ctime text in the caller's zone, or epoch seconds. */
    public String lastTimeText(Instant lastTime, Ctime ctime) {
        return lastTimeCtime ? ctime.format(lastTime) : EpochText.of(lastTime);
    }

    /** A result row's values, aligned with {@link #outputColumns()}. */
    public List<String> row(List<String> groupValues, long count, Instant firstTime, Instant lastTime, Ctime ctime) {
        List<String> row = new ArrayList<>(outputColumns.size());
        row.addAll(groupValues);
        for (Aggregate aggregate : stats.aggregates()) {
            row.add(switch (aggregate.function()) {
                case COUNT -> Long.toString(count);
                case MIN_TIME -> firstTimeText(firstTime, ctime);
                case MAX_TIME -> lastTimeText(lastTime, ctime);
            });
        }
        return List.copyOf(row);
    }

    private FieldValues stepsApplied(WindowsEvent event) {
        EventRecord record = new EventRecord(event);
        for (EventStep step : eventSteps) {
            if (step instanceof EventStep.Filter filter) {
                if (!filter.expression().test(record)) {
                    return null;
                }
            } else if (step instanceof EventStep.FillNull fill) {
                for (String field : fill.fields()) {
                    if (record.value(field) == null) {
                        record.set(field, EventStep.FillNull.VALUE);
                    }
                }
            } else if (step instanceof EventStep.Rename rename) {
                record.set(rename.to(), record.value(rename.from()));
                record.set(rename.from(), null);
            } else if (step instanceof EventStep.Eval eval) {
                record.set(eval.field(), eval.expression().evaluate(record));
            } else if (step instanceof EventStep.RegexFilter regex) {
                String value = record.value(regex.field());
                boolean found = value != null && regex.pattern().matcher(value).find();
                if (regex.negated() ? found : !found) {
                    return null;
                }
            }
        }
        return record;
    }

    @Override
    public String toString() {
        return "CompiledSearch[where=" + where.spl() + ", by=" + stats.byFields() + ", columns=" + outputColumns + "]";
    }

    /** An event's own fields, read as every search reads them. */
    private record EventValues(WindowsEvent event) implements FieldValues {

        @Override
        public String value(String field) {
            return EventFields.value(event, field);
        }
    }
}
