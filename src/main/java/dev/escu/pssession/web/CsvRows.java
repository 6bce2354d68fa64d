package dev.escu.pssession.web;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import tools.jackson.databind.SequenceWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * Lists as CSV, as Splunk's {@code output_mode=csv} writes them: a header of the column names in the
 * list's order, then one line per row with RFC 4180 quoting (a multi-line ScriptBlockText stays one
 * cell), a multivalue field as its values on lines of one cell. Rows are written as they are read,
 * so a million rows take no more memory than one.
 */
public final class CsvRows {

    public static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv");
    public static final String TEXT_CSV_VALUE = "text/csv";

    private static final CsvMapper CSV = CsvMapper.builder().build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CsvRows() {
    }

    /** Hands the rows of a download to the writer, one at a time, in order. */
    @FunctionalInterface
    public interface Rows {
        void writeTo(Writer writer);
    }

    /** Takes one row: values by column name (a column the row lacks is an empty cell). */
    @FunctionalInterface
    public interface Writer {
        void row(Map<String, ?> row);
    }

    /** A download named {@code fileName} with these columns and the rows {@code rows} gives. */
    public static ResponseEntity<StreamingResponseBody> download(String fileName, List<String> columns, Rows rows) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        columns.forEach(schema::addColumn);
        CsvSchema built = schema.build();
        StreamingResponseBody body = (OutputStream out) -> {
            try (SequenceWriter writer = CSV.writer(built).writeValues(out)) {
                rows.writeTo(row -> {
                    List<String> values = new ArrayList<>(columns.size());
                    for (String column : columns) {
                        values.add(cell(row.get(column)));
                    }
                    writer.write(values);
                });
            }
        };
        return ResponseEntity.ok()
                .contentType(new MediaType(TEXT_CSV, StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName).build().toString())
                .body(body);
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Collection<?> values) {
            List<String> texts = new ArrayList<>();
            values.forEach(v -> texts.add(String.valueOf(v)));
            return String.join("\n", texts);
        }
        if (value instanceof Map<?, ?> map) {
            return JSON.writeValueAsString(map);
        }
        return String.valueOf(value);
    }
}
