package dev.escu.pssession.ingest.format.evtx;

import java.util.List;

/** .evtx files for tests outside this package: built with {@link EvtxWriter}, rendered with {@link EvtxXml}. */
public final class EvtxFiles {

    private EvtxFiles() {
    }

    /**
     * One chunk of PowerShell Operational 4104 records on one host: each script gets the next
     * EventRecordID from {@code firstRecordId}.
     */
    public static byte[] scripts(long firstRecordId, String... scripts) {
        EvtxWriter.Chunk chunk = new EvtxWriter.Chunk();
        List<String> names = List.of("MessageNumber", "MessageTotal", "ScriptBlockText", "ScriptBlockId", "Path");
        for (int i = 0; i < scripts.length; i++) {
            EvtxWriter.event(chunk, firstRecordId + i, names, EvtxWriter.Value.string("1"), EvtxWriter.Value.string("1"),
                    EvtxWriter.Value.string(scripts[i]), EvtxWriter.Value.string("block-" + (firstRecordId + i)),
                    EvtxWriter.Value.nul());
        }
        return EvtxWriter.file(chunk.bytes());
    }

    /** Every record of a file as Windows XML, one event a line. */
    public static String asXml(byte[] file) {
        return String.join("\n", EvtxXml.render(file)) + "\n";
    }
}
