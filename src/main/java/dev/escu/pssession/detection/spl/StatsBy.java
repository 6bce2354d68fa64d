package dev.escu.pssession.detection.spl;

import java.util.List;

/**
 * {@code stats count min(_time) as firstTime max(_time) as lastTime BY f1 f2 ...}: one result row per
 * distinct tuple of BY values (compared exactly, case-sensitive), holding the number of events and
 * the earliest and latest {@code _time}. An event with a null BY field falls into no row (Splunk's
 * stats drops it), which is why ESCU runs {@code fillnull} first.
 *
 * @param byFields   the BY fields as named when stats runs (before any later rename)
 * @param aggregates the aggregations in the order written, each with its output name
 */
public record StatsBy(List<String> byFields, List<Aggregate> aggregates) {

    public StatsBy {
        byFields = List.copyOf(byFields);
        aggregates = List.copyOf(aggregates);
    }

    /** An aggregation of the subset: {@code count}, {@code min(_time)} or {@code max(_time)}, named by {@code as}. */
    public record Aggregate(Function function, String name) {
    }

    public enum Function { COUNT, MIN_TIME, MAX_TIME }

    /** The output name of {@code count} at stats time. */
    public String countName() {
        return nameOf(Function.COUNT);
    }

    private String nameOf(Function function) {
        return aggregates.stream().filter(a -> a.function() == function).map(Aggregate::name).findFirst().orElseThrow();
    }
}
