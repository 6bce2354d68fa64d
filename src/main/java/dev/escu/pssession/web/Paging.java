package dev.escu.pssession.web;

/**
 * A page request: by number (offset paging, for jumping around near the top) or after a cursor
 * (keyset paging, for walking a long list: every page costs what the first does).
 *
 * @param after the cursor text given, or {@code null}
 */
public record Paging(int page, int size, String after) {

    /** Deeper pages by number would make the database skip ever more rows: past this, walk with {@code after}. */
    public static final long MAX_OFFSET = 100_000;

    public static Paging of(int page, int size, String after) {
        if (after != null && !after.isEmpty() && page != 0) {
            throw ApiProblem.badParameter("page", "Give either page or after, not both: after continues from a cursor.");
        }
        if ((long) page * size > MAX_OFFSET) {
            throw ApiProblem.badParameter("page", "page " + page + " of size " + size + " starts past row " + MAX_OFFSET
                    + "; walk long lists with after=<next> from the previous page instead.");
        }
        return new Paging(page, size, after == null || after.isEmpty() ? null : after);
    }

    /** A page by number only, for lists short enough to need no cursor. */
    public static Paging of(int page, int size) {
        return of(page, size, null);
    }

    public long offset() {
        return (long) page * size;
    }

    /** The rows of this page out of all rows, in their order. */
    public <T> java.util.List<T> cut(java.util.List<T> rows) {
        int from = (int) Math.min(rows.size(), offset());
        return rows.subList(from, (int) Math.min(rows.size(), (long) from + size));
    }
}
