package dev.escu.pssession.detection.spl;

/**
 * Bounds on what compiling one search may cost, so that hostile content is skipped with a reason
 * instead of exhausting memory or the stack.
 *
 * @param maxSearchChars      longest search text, as written
 * @param maxExpandedChars    longest search once every macro is expanded
 * @param maxMacroDepth       deepest chain of macros calling macros
 * @param maxNestingDepth     deepest nesting of parentheses and NOT in a search expression
 */
public record SearchLimits(int maxSearchChars, int maxExpandedChars, int maxMacroDepth, int maxNestingDepth) {

    public static final SearchLimits DEFAULT = new SearchLimits(65_536, 262_144, 32, 100);

    public SearchLimits {
        if (maxSearchChars < 1 || maxExpandedChars < 1 || maxMacroDepth < 1 || maxNestingDepth < 1) {
            throw new IllegalArgumentException("search limits must be positive");
        }
    }
}
