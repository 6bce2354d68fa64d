package dev.escu.pssession.detection.spl;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Splunk's {@code regex} command runs PCRE; this service runs {@link java.util.regex}. A pattern is
 * accepted only when it is built from constructs that mean the same in both: literals (ASCII),
 * escaped punctuation, {@code \d \w \s} and their negations (ASCII in both), {@code \n \r \t \f},
 * classes of those with ranges, groups ({@code (...)}, {@code (?:...)}, {@code (?<name>...)},
 * lookahead), alternation, {@code . ^ $} (Java with {@link Pattern#UNIX_LINES}, so only
 * {@code \n} ends a line, as in PCRE), and the quantifiers {@code * + ? {n} {n,} {n,m}} with their
 * lazy and possessive forms. Everything else is refused with the construct named: for instance
 * {@code \b} (Java 17 decides word boundaries with Unicode letters), inline flags such as
 * {@code (?i)} (PCRE may fold Unicode case), back references, lookbehind, {@code \x}, {@code \p},
 * and {@code [} or {@code &&} inside a class (Java's union and intersection).
 */
final class PcreSubset {

    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
    private static final Pattern QUANTIFIER = Pattern.compile("\\{[0-9]{1,4}(,[0-9]{0,4})?}");

    private PcreSubset() {
    }

    /** The compiled pattern, or the construct that keeps it out. */
    static Pattern compile(String pcre) throws IllegalArgumentException {
        Optional<String> problem = problem(pcre);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        try {
            return Pattern.compile(pcre, Pattern.UNIX_LINES);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("the pattern does not compile: " + e.getDescription());
        }
    }

    static Optional<String> problem(String p) {
        int n = p.length();
        int i = 0;
        boolean quantifiable = false;
        while (i < n) {
            char c = p.charAt(i);
            if (c > 127 || c < 32) {
                return Optional.of("a character outside printable ASCII in the pattern");
            }
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= n) {
                        return Optional.of("a backslash ends the pattern");
                    }
                    String refused = escape(p.charAt(i + 1), false);
                    if (refused != null) {
                        return Optional.of(refused);
                    }
                    i += 2;
                    quantifiable = true;
                }
                case '[' -> {
                    int close = classEnd(p, i);
                    if (close < 0) {
                        return Optional.of(classProblem(p, i));
                    }
                    i = close + 1;
                    quantifiable = true;
                }
                case '(' -> {
                    if (i + 1 < n && p.charAt(i + 1) == '?') {
                        if (p.startsWith("(?:", i) || p.startsWith("(?=", i) || p.startsWith("(?!", i)) {
                            i += 3;
                        } else if (p.startsWith("(?<", i) && i + 3 < n && p.charAt(i + 3) != '=' && p.charAt(i + 3) != '!') {
                            int close = p.indexOf('>', i);
                            if (close < 0 || !GROUP_NAME.matcher(p.substring(i + 3, close)).matches()) {
                                return Optional.of("a group name that Java does not accept");
                            }
                            i = close + 1;
                        } else {
                            return Optional.of("the group construct " + p.substring(i, Math.min(n, i + 4)) + " (flags, lookbehind, atomic or named forms differ)");
                        }
                    } else {
                        i++;
                    }
                    quantifiable = false;
                }
                case ')', '|', '^', '$' -> {
                    i++;
                    quantifiable = c == ')';
                }
                case '*', '+', '?' -> {
                    if (!quantifiable) {
                        return Optional.of("a quantifier '" + c + "' with nothing to repeat");
                    }
                    i++;
                    if (i < n && (p.charAt(i) == '?' || p.charAt(i) == '+')) {
                        i++;
                    }
                    quantifiable = false;
                }
                case '{' -> {
                    var quantifier = QUANTIFIER.matcher(p).region(i, n);
                    if (!quantifier.lookingAt() || !quantifiable) {
                        return Optional.of("'{' that is not a quantifier {n}, {n,} or {n,m} (PCRE takes it as text, Java refuses it)");
                    }
                    i = quantifier.end();
                    if (i < n && (p.charAt(i) == '?' || p.charAt(i) == '+')) {
                        i++;
                    }
                    quantifiable = false;
                }
                case '}', ']' -> {
                    return Optional.of("an unescaped '" + c + "'");
                }
                default -> {
                    i++;
                    quantifiable = true;
                }
            }
        }
        return Optional.empty();
    }

    /** The reason an escape is refused, or null when it means the same in both. */
    private static String escape(char e, boolean inClass) {
        if ("dDwWsSnrtf".indexOf(e) >= 0) {
            return null;
        }
        if (e < 128 && !Character.isLetterOrDigit(e)) {
            return null; // escaped punctuation is the punctuation in both
        }
        return "the escape \\" + e + (e == 'b' || e == 'B' ? " (Java 17 finds word boundaries with Unicode letters)" : "");
    }

    /** Where a character class that uses only shared constructs ends, or -1. */
    private static int classEnd(String p, int open) {
        int i = open + 1;
        int n = p.length();
        if (i < n && p.charAt(i) == '^') {
            i++;
        }
        if (i < n && p.charAt(i) == ']') {
            return -1;
        }
        boolean afterClassEscape = false;
        while (i < n) {
            char c = p.charAt(i);
            if (c == ']') {
                return i;
            }
            if (c == '[' || (c == '&' && i + 1 < n && p.charAt(i + 1) == '&')) {
                return -1;
            }
            // a range with \d, \w or \s at either end: PCRE takes the '-' as text, Java may not
            if (c == '-' && i + 1 < n && p.charAt(i + 1) != ']' && (afterClassEscape || p.charAt(i + 1) == '\\')) {
                return -1;
            }
            if (c == '\\') {
                if (i + 1 >= n || escape(p.charAt(i + 1), true) != null) {
                    return -1;
                }
                afterClassEscape = "dDwWsS".indexOf(p.charAt(i + 1)) >= 0;
                i += 2;
                continue;
            }
            afterClassEscape = false;
            if (c > 127 || c < 32) {
                return -1;
            }
            i++;
        }
        return -1;
    }

    private static String classProblem(String p, int open) {
        return "the character class starting " + p.substring(open, Math.min(p.length(), open + 12))
                + " (an unclosed class, a leading ']', a nested '[', '&&' or an escape that differs)";
    }
}
