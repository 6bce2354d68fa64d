package dev.escu.pssession.detection.spl;

import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of a command other than {@code search} as tokens: words, double-quoted strings,
 * single-quoted field names (eval), parentheses, commas, {@code =} and {@code !=}. Positions are
 * offsets in the expanded search, so errors point at the construct.
 */
final class CommandTokens {

    enum Kind { WORD, QUOTED, FIELD_QUOTED, OPEN, CLOSE, COMMA, EQUALS, NOT_EQUALS, OTHER }

    /**
     * @param text the word, or a quoted string with its escapes undone ({@code \\} and {@code \"})
     * @param raw  the token as written, quotes and backslashes included
     */
    record Token(Kind kind, String text, String raw, int position) {

        boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }
    }

    private final ExpandedSearch search;
    private final List<Token> tokens;
    private final int end;
    private int next;

    private CommandTokens(ExpandedSearch search, List<Token> tokens, int end) {
        this.search = search;
        this.tokens = tokens;
        this.end = end;
    }

    static CommandTokens of(ExpandedSearch search, int from, int to) throws UnsupportedSearchException {
        List<Token> tokens = new ArrayList<>();
        int at = from;
        while (at < to) {
            char c = search.charAt(at);
            if (Character.isWhitespace(c)) {
                at++;
                continue;
            }
            int start = at;
            switch (c) {
                case '(' -> tokens.add(new Token(Kind.OPEN, "(", "(", at++));
                case ')' -> tokens.add(new Token(Kind.CLOSE, ")", ")", at++));
                case ',' -> tokens.add(new Token(Kind.COMMA, ",", ",", at++));
                case '=' -> tokens.add(new Token(Kind.EQUALS, "=", "=", at++));
                case '"', '\'' -> {
                    StringBuilder text = new StringBuilder();
                    at++;
                    while (true) {
                        if (at >= to) {
                            throw search.unsupported("a quoted string is never closed", start);
                        }
                        char q = search.charAt(at);
                        if (q == c) {
                            at++;
                            break;
                        }
                        if (q == '\\' && at + 1 < to) {
                            char escaped = search.charAt(at + 1);
                            if (escaped == '\\' || escaped == c) {
                                text.append(escaped);
                            } else {
                                text.append('\\').append(escaped);
                            }
                            at += 2;
                            continue;
                        }
                        text.append(q);
                        at++;
                    }
                    Kind kind = c == '"' ? Kind.QUOTED : Kind.FIELD_QUOTED;
                    tokens.add(new Token(kind, text.toString(), search.text().substring(start, at), start));
                }
                default -> {
                    if (c == '!' && at + 1 < to && search.charAt(at + 1) == '=') {
                        tokens.add(new Token(Kind.NOT_EQUALS, "!=", "!=", at));
                        at += 2;
                    } else if (isWordChar(c)) {
                        while (at < to && isWordChar(search.charAt(at))) {
                            at++;
                        }
                        String word = search.text().substring(start, at);
                        tokens.add(new Token(Kind.WORD, word, word, start));
                    } else {
                        tokens.add(new Token(Kind.OTHER, String.valueOf(c), String.valueOf(c), at++));
                        if (c == '[') {
                            return new CommandTokens(search, tokens, to); // a subsearch: what follows is its own
                        }
                    }
                }
            }
        }
        return new CommandTokens(search, tokens, to);
    }

    /** Letters, digits and {@code _ . * : $ @ #}: field and function names, wildcards, numbers. */
    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || "_.*:$@#".indexOf(c) >= 0;
    }

    boolean hasNext() {
        return next < tokens.size();
    }

    Token peek() {
        return next < tokens.size() ? tokens.get(next) : null;
    }

    Token take() throws UnsupportedSearchException {
        if (next >= tokens.size()) {
            throw search.unsupported("the command ends too early", Math.max(end - 1, 0));
        }
        return tokens.get(next++);
    }

    Token expect(Kind kind, String what) throws UnsupportedSearchException {
        Token token = take();
        if (token.kind() != kind) {
            throw unsupported("expected " + what + " but found '" + token.raw() + "'", token);
        }
        return token;
    }

    boolean takeIf(Kind kind) {
        if (next < tokens.size() && tokens.get(next).kind() == kind) {
            next++;
            return true;
        }
        return false;
    }

    boolean takeWordIf(String word) {
        if (next < tokens.size() && tokens.get(next).isWord(word)) {
            next++;
            return true;
        }
        return false;
    }

    /** The refusal at a token; at the '[' of a subsearch, the subsearch is what is refused. */
    UnsupportedSearchException unsupported(String reason, Token token) {
        boolean subsearch = token.kind() == Kind.OTHER && token.raw().equals("[");
        return search.unsupported(subsearch ? "subsearch" : reason, token.position());
    }

    UnsupportedSearchException unsupported(String reason, int position) {
        return search.unsupported(reason, position);
    }
}
