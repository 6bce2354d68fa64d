package dev.escu.pssession.findings;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
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

    private static final HexFormat HEX = HexFormat.of();
    // microseconds, as PostgreSQL stores them (the pattern truncates; SplunkTime has already truncated
    // event times to microseconds and kept them within 1970..9999)
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSX").withZone(ZoneOffset.UTC);

    private final int groupColumns;
    private final StringBuilder rows = new StringBuilder(1 << 16);

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
        List<String> values = event.groupValues();
        for (int v = 0; v < groupColumns; v++) {
            rows.append('\t');
            if (v < values.size()) {
                text(values.get(v));
            } else {
                rows.append("\\N");
            }
        }
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

    private StringBuilder text(String value) {
        int copied = 0;
        for (int i = 0; i < value.length(); i++) {
            String escape = switch (value.charAt(i)) {
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
        return rows.append("\\\\x").append(HEX.formatHex(value));
    }
}
