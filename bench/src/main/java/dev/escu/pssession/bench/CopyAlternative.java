package dev.escu.pssession.bench;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import org.postgresql.PGConnection;

import tools.jackson.databind.json.JsonMapper;

/**
 * (c) What a team might build instead: COPY every event into a PostgreSQL table, then run the
 * detection as one SQL query (case-insensitive LIKE, fillnull, GROUP BY the 13 fields), timed
 * together. Two variants:
 * <ul>
 *   <li>{@code jsonb}: each NDJSON line COPYed into a {@code jsonb} column (PostgreSQL parses every
 *       event on the way in), the query reads fields with {@code ->>};</li>
 *   <li>{@code text}: each line COPYed as text; the query first ILIKEs the raw line for both terms,
 *       and parses only those candidates as JSON. The cheapest honest SQL version.</li>
 * </ul>
 * The file's bytes go to COPY unchanged (CSV with quote and delimiter bytes that JSON never holds).
 */
public final class CopyAlternative {

    private static final String SOURCES = """
            ('wineventlog:microsoft-windows-powershell/operational', 'xmlwineventlog:microsoft-windows-powershell/operational',
             'wineventlog:powershellcore/operational', 'xmlwineventlog:powershellcore/operational')""";

    /** fillnull and the 13 BY fields, from a jsonb {@code doc}; signature, signature_id, vendor_product derived as the add-on does. */
    private static final String FIELDS = """
            coalesce(nullif(doc->>'dest', ''), '0') AS dest,
            coalesce(nullif(doc->>'signature', ''),
                     CASE WHEN lower(doc->>'Name') = 'microsoft-windows-powershell' AND btrim(doc->>'EventCode') = '4104'
                          THEN 'Microsoft-Windows-PowerShell Execute a Remote Command' END, '0') AS signature,
            coalesce(nullif(doc->>'signature_id', ''), nullif(doc->>'EventCode', ''), '0') AS signature_id,
            coalesce(nullif(doc->>'user_id', ''), '0') AS user_id,
            coalesce(nullif(doc->>'vendor_product', ''), 'Microsoft Windows') AS vendor_product,
            coalesce(nullif(doc->>'EventID', ''), nullif(doc->>'EventCode', ''), '0') AS event_id,
            coalesce(nullif(doc->>'Guid', ''), '0') AS guid,
            coalesce(nullif(doc->>'Opcode', ''), '0') AS opcode,
            coalesce(nullif(doc->>'Name', ''), '0') AS name,
            coalesce(nullif(doc->>'Path', ''), '0') AS path,
            coalesce(nullif(doc->>'ProcessID', ''), '0') AS process_id,
            coalesce(nullif(doc->>'ScriptBlockId', ''), '0') AS script_block_id,
            coalesce(nullif(doc->>'ScriptBlockText', ''), '0') AS script_block_text,
            to_timestamp((doc->>'_time')::numeric) AS t""";

    private static final String WHERE = """
            btrim(doc->>'EventCode') = '4104'
            AND lower(coalesce(doc->>'source', 'xmlwineventlog:microsoft-windows-powershell/operational')) IN """ + SOURCES + """

            AND doc->>'ScriptBlockText' ILIKE '%enter-pssession%'
            AND doc->>'ScriptBlockText' ILIKE '%-computername%'""";

    private static final String GROUP = """
            SELECT dest, signature, signature_id, user_id, vendor_product, event_id, guid, opcode, name, path,
                   process_id, script_block_id, script_block_text,
                   count(*) AS count, min(t) AS first_time, max(t) AS last_time
            FROM (%s) m
            GROUP BY dest, signature, signature_id, user_id, vendor_product, event_id, guid, opcode, name, path,
                     process_id, script_block_id, script_block_text""";

    static final String JSONB_QUERY = GROUP.formatted("SELECT " + FIELDS + " FROM bench_raw_event WHERE " + WHERE);

    static final String TEXT_QUERY = GROUP.formatted("SELECT " + FIELDS + " FROM (SELECT line::jsonb AS doc FROM bench_raw_line"
            + " WHERE line ILIKE '%enter-pssession%' AND line ILIKE '%-computername%') c WHERE " + WHERE);

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        Path file = Path.of(a.get("file", null));
        String variant = a.get("variant", "jsonb");
        String url = a.get("jdbc", "jdbc:postgresql://127.0.0.1:55432/pssession?user=postgres");
        Path out = Path.of(a.get("out", "target/bench/results/results.jsonl"));
        long events;
        try (var lines = Files.lines(file)) {
            events = lines.count();
        }
        String table = variant.equals("jsonb") ? "bench_raw_event" : "bench_raw_line";
        String column = variant.equals("jsonb") ? "doc jsonb NOT NULL" : "line text NOT NULL";
        String query = variant.equals("jsonb") ? JSONB_QUERY : TEXT_QUERY;
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table);
                s.execute("CREATE TABLE " + table + " (" + column + ")");
                s.execute("CHECKPOINT");
            }
            long t0 = System.nanoTime();
            long copied;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
                copied = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN WITH "
                        + "(FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')", in, 1 << 16);
            }
            long t1 = System.nanoTime();
            long groups = 0;
            long matched = 0;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
                while (rs.next()) {
                    groups++;
                    matched += rs.getLong("count");
                }
            }
            long t2 = System.nanoTime();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("kind", "copy-sql");
            result.put("name", a.get("name", "copy-" + variant));
            result.put("variant", variant);
            result.put("file", file.toString());
            result.put("events", events);
            result.put("copied", copied);
            result.put("copySeconds", (t1 - t0) / 1e9);
            result.put("querySeconds", (t2 - t1) / 1e9);
            result.put("seconds", (t2 - t0) / 1e9);
            result.put("eventsPerSecond", events / ((t2 - t0) / 1e9));
            result.put("mbPerSecond", Files.size(file) / ((t2 - t0) / 1e9) / 1e6);
            result.put("groups", groups);
            result.put("matched", matched);
            if (a.flag("explain")) {
                StringBuilder plan = new StringBuilder();
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + query)) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                Path planFile = out.resolveSibling("explain-copy-" + variant + ".txt");
                Files.writeString(planFile, query + "\n\n" + plan);
            }
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE " + table);
            }
            String json = JsonMapper.builder().build().writeValueAsString(result);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            System.out.println(json);
        }
    }
}
