package dev.escu.pssession.findings;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Matched events as rows of PostgreSQL's {@code COPY ... FROM STDIN} text format: one line per
 * event, columns separated by tabs, {@code \N} for NULL, and backslash, tab, newline and carriage
 * return escaped. COPY hands the rows to the server without a bind message per value, which was
 * the largest client-side cost of staging under the all-match flood (bench/README.md).
 *
 * <p>Columns, in the order of {@link #columns(int)}: ord, detection_id, columns_id, event_key, group_hash,
 * the group-by values padded with NULLs to {@code groupColumns}, dest, event_time, fields (JSON text),
 * evidence (JSON text or NULL).
 */
final class StagingRows {

    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();
    // microseconds, as PostgreSQL stores them (the pattern truncates; SplunkTime has already truncated
    // event times to microseconds and kept them within 1970..9999)
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSX").withZone(ZoneOffset.UTC);

    private final int groupColumns;
    private final StringBuilder rows = new StringBuilder(1 << 16);
    // The detections that match one event and group on the same fields have equal group-by values, the
    // script block's text among them: its escaped columns are kept from the last row and written again.
    private List<String> lastValues;
    private String lastValueColumns;

    StagingRows(int groupColumns) {
        this.groupColumns = groupColumns;
    }

    /** The columns of the group-by values: v1 .. v{@code groupColumns}. */
    static List<String> valueColumns(int groupColumns) {
        return IntStream.rangeClosed(1, groupColumns).mapToObj(v -> "v" + v).toList();
    }

    /** The staging table's columns for {@code groupColumns} group-by values, in row order. */
    static String columns(int groupColumns) {
        return "ord, detection_id, columns_id, event_key, group_hash, " + String.join(", ", valueColumns(groupColumns))
                + ", dest, event_time, fields, evidence";
    }

    void add(long ord, MatchedEvent event, String fieldsJson) {
        rows.append(ord).append('\t');
        text(event.detectionId()).append('\t');
        rows.append(event.columnsId()).append('\t');
        bytea(event.eventKey()).append('\t');
        bytea(event.groupHash());
        groupValues(event.groupValues());
        rows.append('\t');
        if (event.dest() == null) {
            rows.append("\\N");
        } else {
            text(event.dest());
        }
        rows.append('\t');
        rows.append(TIME.format(event.time())).append('\t');
        text(fieldsJson).append('\t');
        if (event.evidence() == null) {
            rows.append("\\N");
        } else {
            text(event.evidence());
        }
        rows.append('\n');
    }

    byte[] bytes() {
        return rows.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The group-by columns of a row, each after its tab, padded with NULLs to {@code groupColumns}. */
    private void groupValues(List<String> values) {
        if (values.equals(lastValues)) {
            rows.append(lastValueColumns);
            return;
        }
        int start = rows.length();
        for (int v = 0; v < groupColumns; v++) {
            rows.append('\t');
            if (v < values.size()) {
                text(values.get(v));
            } else {
                rows.append("\\N");
            }
        }
        lastValues = values;
        lastValueColumns = rows.substring(start);
    }

    private StringBuilder text(String value) {
        int copied = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= ' ' && c != '\\') {
                continue; // nothing to escape: most characters
            }
            String escape = switch (c) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (escape != null) {
                rows.append(value, copied, i).append(escape);
                copied = i + 1;
            }
        }
        return rows.append(value, copied, value.length());
    }

    private StringBuilder bytea(byte[] value) {
        // bytea's hex input form, its backslash escaped for COPY
        rows.append("\\\\x");
        for (byte b : value) {
            rows.append(HEX_DIGITS[(b >> 4) & 0xf]).append(HEX_DIGITS[b & 0xf]);
        }
        return rows;
    }
}
