package dev.escu.pssession.detection.powershell;

/**
 * The character classes of PowerShell's tokenizer (its {@code CharTraits}): which characters are
 * dashes, quotes, whitespace and newlines, and which end a bare word. Kept in one place so every
 * rule of the reader agrees with PowerShell on them.
 */
final class PowerShellChars {

    static final char EN_DASH = '\u2013';
    static final char EM_DASH = '\u2014';
    static final char HORIZONTAL_BAR = '\u2015';

    private PowerShellChars() {
    }

    /** Hyphen-minus and the three typographic dashes PowerShell accepts wherever it accepts a dash. */
    static boolean isDash(char c) {
        return c == '-' || c == EN_DASH || c == EM_DASH || c == HORIZONTAL_BAR;
    }

    /** The ASCII quote and the typographic single quotes a word processor puts in pasted code. */
    static boolean isSingleQuote(char c) {
        return c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201a' || c == '\u201b';
    }

    static boolean isDoubleQuote(char c) {
        return c == '"' || c == '\u201c' || c == '\u201d' || c == '\u201e';
    }

    static boolean isQuote(char c) {
        return isSingleQuote(c) || isDoubleQuote(c);
    }

    /** Only carriage return and line feed end a line; NEL and the Unicode line separators are whitespace. */
    static boolean isNewline(char c) {
        return c == '\n' || c == '\r';
    }

    /** PowerShell's whitespace: space, tab, vertical tab, form feed, NBSP, NEL and every Unicode separator. */
    static boolean isWhitespace(char c) {
        if (c < 128) {
            return c == ' ' || c == '\t' || c == '\u000b' || c == '\f';
        }
        if (c <= 256) {
            return c == '\u00a0' || c == '\u0085';
        }
        int type = Character.getType(c);
        return type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** A character that ends a bare word (a generic token) in command mode: {@code a#b} is one word, {@code a;b} two. */
    static boolean endsWord(char c) {
        if (c < 128) {
            switch (c) {
                case '\0', '\t', '\n', '\u000b', '\f', '\r', ' ', '&', '(', ')', ',', ';', '{', '|', '}':
                    return true;
                default:
                    return false;
            }
        }
        return isWhitespace(c);
    }

    /** The first character of an unbraced variable name ({@code $x}, {@code $_}, {@code $?}, {@code $script:x}). */
    static boolean isVariableStart(char c) {
        if (c < 128) {
            return isAsciiLetterOrDigit(c) || c == '_' || c == '$' || c == ':' || c == '?' || c == '^';
        }
        return Character.isLetterOrDigit(c);
    }

    static boolean isIdentifierStart(char c) {
        if (c < 128) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        }
        return Character.isLetter(c);
    }

    static boolean isIdentifierPart(char c) {
        if (c < 128) {
            return isAsciiLetterOrDigit(c) || c == '_';
        }
        return Character.isLetterOrDigit(c);
    }

    static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /**
     * What a backtick makes of the character after it outside single quotes. PowerShell 6+ reads
     * {@code `e} as ESC; Windows PowerShell 5.1 knows no {@code `e} and keeps the letter. Every
     * other character stands for itself, so {@code `N} is N but {@code `n} is a newline.
     */
    static char escaped(char c, boolean windowsPowerShell) {
        return switch (c) {
            case '0' -> '\0';
            case 'a' -> '\u0007';
            case 'b' -> '\b';
            case 'e' -> windowsPowerShell ? 'e' : '\u001b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'v' -> '\u000b';
            default -> c;
        };
    }

    /**
     * Case folding as PowerShell compares command and parameter names (ordinal, ignoring case):
     * each character to its simple upper case, so the long s and the dotless i fold to S and I.
     */
    static char fold(char c) {
        if (c < 128) {
            return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c; // the common case, without a table look-up
        }
        return Character.toUpperCase(c);
    }

    /**
     * Characters a culture-aware comparison ignores (soft hyphen, zero-width space and joiners,
     * word joiner, BOM); PowerShell matches parameter names that way, so {@code -Comp\u00ADuter} binds.
     */
    static boolean isIgnorableInNames(char c) {
        return c == '\u00ad' || (c >= '\u200b' && c <= '\u200d') || c == '\u2060' || c == '\ufeff';
    }
}
