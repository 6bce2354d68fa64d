package dev.escu.pssession.detection.spl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.escu.pssession.detection.WindowsEvent;
import dev.escu.pssession.detection.spl.SearchExpression.FieldComparison;
import dev.escu.pssession.detection.spl.SearchExpression.FieldIn;
import dev.escu.pssession.detection.spl.SearchExpression.Junction;
import dev.escu.pssession.detection.spl.SearchExpression.MatchAll;
import dev.escu.pssession.detection.spl.SearchExpression.Not;
import dev.escu.pssession.detection.spl.SearchExpression.Operator;

/**
 * The one-pass matcher agrees with the plain evaluation of every expression, over random
 * expressions and texts: line breaks, case variants, overlapping pieces, {@code *} at both ends,
 * missing fields. The parser reads every expression back from its SPL text to the same verdicts.
 */
class SearchMatcherPropertyTest {

    private static final String[] FIELDS = {"ScriptBlockText", "Path", "source", "EventCode"};
    private static final String[] PIECES = {"ab", "AB", "a", "b", "ba", "aba", "bab", "\n", "\r\n", "x y", "X", "-", "é", "É",
            "\\", "Enter-PSSession", "enter-pssession", "ss", "SS", "ſ"};

    private final Random random = new Random(20260310);

    @Test
    void agreesWithThePlainEvaluation() throws Exception {
        int agreedHits = 0;
        for (int round = 0; round < 300; round++) {
            List<SearchExpression> expressions = new ArrayList<>();
            for (int d = 0; d < 20; d++) {
                expressions.add(expression(3));
            }
            SearchMatcher matcher = SearchMatcher.forExpressions(expressions);
            for (int e = 0; e < 40; e++) {
                WindowsEvent event = event();
                int[] hits = matcher.matching(event);
                List<Integer> expected = new ArrayList<>();
                for (int d = 0; d < expressions.size(); d++) {
                    if (expressions.get(d).test(field -> EventFields.value(event, field))) {
                        expected.add(d);
                    }
                }
                assertThat(hits).as("event %s over %s", event.fields(), expressions).containsExactly(
                        expected.stream().mapToInt(Integer::intValue).toArray());
                agreedHits += hits.length;
            }
        }
        assertThat(agreedHits).as("the generator produces matches too").isGreaterThan(10_000);
    }

    @Test
    void theParserReadsEveryExpressionBack() throws Exception {
        for (int round = 0; round < 2_000; round++) {
            SearchExpression expression = expression(3);
            SearchExpression parsed = Spl.where(expression.spl());
            for (int e = 0; e < 10; e++) {
                WindowsEvent event = event();
                FieldValues values = field -> EventFields.value(event, field);
                assertThat(parsed.test(values)).as("%s read back as %s on %s", expression.spl(), parsed.spl(), event.fields())
                        .isEqualTo(expression.test(values));
            }
        }
    }

    private SearchExpression expression(int depth) {
        int kind = random.nextInt(depth == 0 ? 3 : 7);
        return switch (kind) {
            case 0, 1 -> new FieldComparison(field(), random.nextInt(5) == 0, value());
            case 2 -> new FieldIn(field(), values());
            case 3 -> new Not(expression(depth - 1));
            case 4 -> new Junction(Operator.AND, List.of(expression(depth - 1), expression(depth - 1), expression(depth - 1)).subList(0, 2 + random.nextInt(2)));
            case 5 -> new Junction(Operator.OR, List.of(expression(depth - 1), expression(depth - 1), expression(depth - 1)).subList(0, 2 + random.nextInt(2)));
            default -> random.nextInt(10) == 0 ? new MatchAll() : new FieldComparison(field(), false, value());
        };
    }

    private List<WildcardValue> values() {
        List<WildcardValue> values = new ArrayList<>();
        for (int i = random.nextInt(3); i >= 0; i--) {
            values.add(value());
        }
        return values;
    }

    private String field() {
        return FIELDS[random.nextInt(FIELDS.length)];
    }

    private WildcardValue value() {
        StringBuilder value = new StringBuilder();
        if (random.nextBoolean()) {
            value.append('*');
        }
        for (int p = random.nextInt(3); p >= 0; p--) {
            value.append(PIECES[random.nextInt(PIECES.length)]);
            if (random.nextInt(3) == 0) {
                value.append('*');
            }
        }
        if (random.nextBoolean()) {
            value.append('*');
        }
        return new WildcardValue(value.toString());
    }

    private WindowsEvent event() {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : FIELDS) {
            if (random.nextInt(4) > 0) {
                StringBuilder text = new StringBuilder();
                for (int p = random.nextInt(6); p >= 0; p--) {
                    text.append(PIECES[random.nextInt(PIECES.length)]);
                }
                fields.put(field, text.toString());
            }
        }
        return new WindowsEvent(Instant.EPOCH, fields);
    }
}
