package dev.escu.pssession.detection.spl;

/**
 * A search with every macro expanded, remembering for each character where it stands in the search
 * as written: its own offset, or, for text a macro brought in, the offset of the (outermost) macro
 * call and the chain of macros it came through. Errors found in the expanded text are reported there.
 */
final class ExpandedSearch {

    private final String text;
    private final int[] origin;
    private final String[] via;

    ExpandedSearch(String text, int[] origin, String[] via) {
        this.text = text;
        this.origin = origin;
        this.via = via;
    }

    String text() {
        return text;
    }

    int length() {
        return text.length();
    }

    char charAt(int i) {
        return text.charAt(i);
    }

    /** The offset in the search as written of the character at {@code index} of the expanded text. */
    int originOf(int index) {
        if (origin.length == 0) {
            return 0;
        }
        return origin[Math.min(Math.max(index, 0), origin.length - 1)];
    }

    /** The macro chain that brought the character in, or null when it is written in the search itself. */
    String macroOf(int index) {
        if (via.length == 0) {
            return null;
        }
        return via[Math.min(Math.max(index, 0), via.length - 1)];
    }

    /** An error about the construct starting at {@code index} of the expanded text. */
    UnsupportedSearchException unsupported(String reason, int index) {
        String macro = macroOf(index);
        return new UnsupportedSearchException(macro == null ? reason : reason + " (in macro " + macro + ")", originOf(index));
    }
}
