package dev.escu.pssession.detection.spl;

import java.util.List;

import dev.escu.pssession.detection.MatchPrefilter.Terms;
import dev.escu.pssession.detection.SplunkFields;
import dev.escu.pssession.detection.spl.SearchExpression.FieldComparison;
import dev.escu.pssession.detection.spl.SearchExpression.FieldIn;
import dev.escu.pssession.detection.spl.SearchExpression.Junction;

/**
 * What a search expression needs in the raw bytes of an event: the literal pieces of its
 * {@code ScriptBlockText} values (AND: all, OR and IN: any). NOT and {@code !=} need nothing (the
 * text may lack anything), nor do terms on other fields: their values may come from elsewhere than
 * the bytes (request metadata, derived fields such as {@code signature}).
 */
final class PrefilterTerms {

    private PrefilterTerms() {
    }

    static Terms of(SearchExpression expression) {
        if (expression instanceof FieldComparison c) {
            return c.field().equals(SplunkFields.SCRIPT_BLOCK_TEXT) && !c.negated() ? of(c.value()) : Terms.ANY_EVENT;
        }
        if (expression instanceof FieldIn in) {
            return in.field().equals(SplunkFields.SCRIPT_BLOCK_TEXT)
                    ? Terms.anyOf(in.values().stream().map(PrefilterTerms::of).toList())
                    : Terms.ANY_EVENT;
        }
        if (expression instanceof Junction junction) {
            List<Terms> operands = junction.operands().stream().map(PrefilterTerms::of).toList();
            return junction.operator() == SearchExpression.Operator.AND ? Terms.allOf(operands) : Terms.anyOf(operands);
        }
        return Terms.ANY_EVENT; // NOT, and search *
    }

    private static Terms of(WildcardValue value) {
        List<String> pieces = value.pieces();
        if (pieces.isEmpty()) {
            return Terms.ANY_EVENT; // field=*: presence is not visible in the bytes
        }
        return Terms.allOf(pieces.stream().map(Terms::literal).toList());
    }
}
