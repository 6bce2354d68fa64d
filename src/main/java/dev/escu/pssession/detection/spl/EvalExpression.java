package dev.escu.pssession.detection.spl;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The few {@code eval} expressions whose result is exact here: a string or whole-number literal, a
 * field, {@code coalesce(...)} and {@code case(...)} over {@code isnotnull}/{@code isnull}/{@code true()}
 * (the shape the 4104 family uses: {@code eval Path = case(isnotnull(Path),Path,true(),"unknown")}).
 */
public sealed interface EvalExpression {

    /** The value, or null (eval then removes the field). */
    String evaluate(FieldValues values);

    /** The fields the expression reads. */
    default Set<String> fields() {
        Set<String> fields = new TreeSet<>();
        collect(this, fields);
        return fields;
    }

    /** Whether the expression can give a value at all for an event whose present fields are among {@code possible}. */
    default boolean mayHaveValue(Set<String> possible) {
        if (this instanceof Literal) {
            return true;
        }
        if (this instanceof FieldReference f) {
            return possible.contains(f.field());
        }
        if (this instanceof Coalesce c) {
            return c.operands().stream().anyMatch(o -> o.mayHaveValue(possible));
        }
        return ((Case) this).values().stream().anyMatch(v -> v.mayHaveValue(possible));
    }

    private static void collect(EvalExpression expression, Set<String> into) {
        if (expression instanceof FieldReference f) {
            into.add(f.field());
        } else if (expression instanceof Coalesce c) {
            c.operands().forEach(o -> collect(o, into));
        } else if (expression instanceof Case c) {
            c.conditions().forEach(condition -> {
                if (condition.field() != null) {
                    into.add(condition.field());
                }
            });
            c.values().forEach(v -> collect(v, into));
        }
    }

    /** {@code "text"} or a whole number, as text. */
    record Literal(String text) implements EvalExpression {

        @Override
        public String evaluate(FieldValues values) {
            return text;
        }
    }

    /** A field name, bare or in single quotes. */
    record FieldReference(String field) implements EvalExpression {

        @Override
        public String evaluate(FieldValues values) {
            return values.value(field);
        }
    }

    /** {@code coalesce(a, b, ...)}: the first operand with a value. */
    record Coalesce(List<EvalExpression> operands) implements EvalExpression {

        public Coalesce {
            operands = List.copyOf(operands);
        }

        @Override
        public String evaluate(FieldValues values) {
            return operands.stream().map(operand -> operand.evaluate(values)).filter(Objects::nonNull)
                    .findFirst().orElse(null);
        }
    }

    /** {@code case(c1, v1, c2, v2, ...)}: the value after the first condition that holds; null when none does. */
    record Case(List<Condition> conditions, List<EvalExpression> values) implements EvalExpression {

        public Case {
            conditions = List.copyOf(conditions);
            values = List.copyOf(values);
            if (conditions.size() != values.size()) {
                throw new IllegalArgumentException("case() pairs every condition with a value");
            }
        }

        @Override
        public String evaluate(FieldValues fieldValues) {
            for (int i = 0; i < conditions.size(); i++) {
                if (conditions.get(i).holds(fieldValues)) {
                    return values.get(i).evaluate(fieldValues);
                }
            }
            return null;
        }
    }

    /** {@code isnotnull(field)}, {@code isnull(field)} or {@code true()} (field null). */
    record Condition(Test test, String field) {

        public enum Test { IS_NOT_NULL, IS_NULL, TRUE }

        boolean holds(FieldValues values) {
            return switch (test) {
                case TRUE -> true;
                case IS_NULL -> values.value(field) == null;
                case IS_NOT_NULL -> values.value(field) != null;
            };
        }
    }
}
