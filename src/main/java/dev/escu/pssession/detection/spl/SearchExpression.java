package dev.escu.pssession.detection.spl;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The boolean expression of a {@code search} command (Splunk Search Manual, "Boolean expressions"):
 * field comparisons and {@code IN} lists joined by {@code NOT}, {@code OR} and {@code AND}.
 * The parser has already applied the search command's precedence (parentheses, NOT, OR, AND), so
 * the tree is evaluated as it stands.
 */
public sealed interface SearchExpression {

    /** Whether the expression holds for these field values. */
    boolean test(FieldValues values);

    /** The expression as the search language writes it, fully parenthesised. */
    String spl();

    /** Every field name the expression reads. */
    default Set<String> fields() {
        Set<String> fields = new TreeSet<>();
        collectFields(this, fields);
        return fields;
    }

    private static void collectFields(SearchExpression expression, Set<String> into) {
        if (expression instanceof FieldComparison c) {
            into.add(c.field());
        } else if (expression instanceof FieldIn in) {
            into.add(in.field());
        } else if (expression instanceof Not not) {
            collectFields(not.operand(), into);
        } else if (expression instanceof Junction junction) {
            junction.operands().forEach(o -> collectFields(o, into));
        }
    }

    /**
     * {@code field=value} or {@code field!=value}. Both need the field: {@code !=} keeps only events
     * that have the field with another value, while {@code NOT field=value} also keeps events
     * without it (Splunk Search Manual, "Difference between NOT and !=").
     */
    record FieldComparison(String field, boolean negated, WildcardValue value) implements SearchExpression {

        @Override
        public boolean test(FieldValues values) {
            String actual = values.value(field);
            if (actual == null) {
                return false;
            }
            return value.matches(actual) != negated;
        }

        @Override
        public String spl() {
            return field + (negated ? "!=" : "=") + value.quoted();
        }
    }

    /** {@code field IN (v1, v2, ...)}: the field matches any of the values; a missing field matches none. */
    record FieldIn(String field, List<WildcardValue> values) implements SearchExpression {

        public FieldIn {
            values = List.copyOf(values);
        }

        @Override
        public boolean test(FieldValues fieldValues) {
            String actual = fieldValues.value(field);
            return actual != null && values.stream().anyMatch(value -> value.matches(actual));
        }

        @Override
        public String spl() {
            return field + " IN (" + values.stream().map(WildcardValue::quoted).collect(Collectors.joining(", ")) + ")";
        }
    }

    /** {@code NOT expr}. */
    record Not(SearchExpression operand) implements SearchExpression {

        @Override
        public boolean test(FieldValues values) {
            return !operand.test(values);
        }

        @Override
        public String spl() {
            return "NOT (" + operand.spl() + ")";
        }
    }

    /** The operator of a {@link Junction}: {@code AND} needs every operand to hold, {@code OR} any. */
    enum Operator {
        AND, OR
    }

    /**
     * {@code a AND b} (or {@code a b}: juxtaposed terms are joined by AND), or {@code a OR b}: one type
     * for both, as they differ only in the operator that joins the operands.
     */
    record Junction(Operator operator, List<SearchExpression> operands) implements SearchExpression {

        public Junction {
            Objects.requireNonNull(operator, "operator");
            operands = List.copyOf(operands);
        }

        @Override
        public boolean test(FieldValues values) {
            return switch (operator) {
                case AND -> operands.stream().allMatch(operand -> operand.test(values));
                case OR -> operands.stream().anyMatch(operand -> operand.test(values));
            };
        }

        @Override
        public String spl() {
            return operands.stream().map(o -> "(" + o.spl() + ")").collect(Collectors.joining(" " + operator + " "));
        }
    }

    /** {@code search *}: every event (the default {@code _filter} macro). */
    record MatchAll() implements SearchExpression {

        @Override
        public boolean test(FieldValues values) {
            return true;
        }

        @Override
        public String spl() {
            return "*";
        }
    }
}
