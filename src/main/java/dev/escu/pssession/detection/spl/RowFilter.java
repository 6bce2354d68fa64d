package dev.escu.pssession.detection.spl;

import java.util.List;
import java.util.Map;

/**
 * A {@code search} command after {@code stats} (the {@code _filter} macro, or a drilldown's
 * {@code search dest="..."}), reading only BY columns: it keeps or drops a whole result row, so it
 * can be decided once per group from the group's values.
 *
 * @param expression the search expression over the column names as they stand at that point
 * @param columns    for each column name the expression reads, its index among the BY values;
 *                   names the rows do not have read as missing
 */
public record RowFilter(SearchExpression expression, Map<String, Integer> columns) {

    public RowFilter {
        columns = Map.copyOf(columns);
    }

    /** Whether the row of the group with these BY values (in stats order) is kept. */
    public boolean keeps(List<String> groupValues) {
        return expression.test(field -> {
            Integer index = columns.get(field);
            return index == null ? null : groupValues.get(index);
        });
    }
}
