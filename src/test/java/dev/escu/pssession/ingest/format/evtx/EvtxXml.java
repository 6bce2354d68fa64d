package dev.escu.pssession.ingest.format.evtx;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders records to Windows XML, for tests: compact (no whitespace between elements), attributes in
 * single quotes, an array substitution rendered by repeating its element once per item (MS-EVEN6),
 * and the characters an XML parser would otherwise change written as references: CR as
 * {@code &#13;} in text (so CR LF survives line-end normalisation), tab, LF and CR in attributes,
 * and the control characters XML forbids.
 */
final class EvtxXml {

    private EvtxXml() {
    }

    /** Every record of a well-formed file as Windows XML, in file order; chunks are not checked. */
    static List<String> render(byte[] file) {
        List<String> events = new ArrayList<>();
        int chunks = EvtxValues.u16(file, 42);
        BinXmlWalker walker = new BinXmlWalker(32);
        for (int c = 0; c < chunks; c++) {
            int base = EvtxEventFormat.FILE_HEADER_SIZE + c * EvtxEventFormat.CHUNK_SIZE;
            byte[] chunk = java.util.Arrays.copyOfRange(file, base, base + EvtxEventFormat.CHUNK_SIZE);
            int free = EvtxValues.i32(chunk, 48);
            walker.chunk(chunk, free);
            for (int at = 512; at < free; at += EvtxValues.i32(chunk, at + 4)) {
                Builder builder = new Builder();
                walker.record(at + 24, at + EvtxValues.i32(chunk, at + 4) - 4, builder);
                StringBuilder out = new StringBuilder();
                for (Element root : builder.roots) {
                    write(root, out);
                }
                events.add(out.toString());
            }
        }
        return events;
    }

    private record Value(int type, byte[] bytes) {
        int items() {
            return EvtxValues.items(type, bytes, 0, bytes.length);
        }

        String item(int i) {
            TextBuffer t = new TextBuffer();
            EvtxValues.render(type, bytes, 0, bytes.length, i, t);
            return t.toString();
        }
    }

    private record Attribute(Name name, List<Object> pieces) {
    }

    private static final class Element {
        final Name name;
        final List<Attribute> attributes = new ArrayList<>();
        final List<Object> content = new ArrayList<>(); // String, Value or Element

        Element(Name name) {
            this.name = name;
        }
    }

    private static final class Builder implements BinXmlHandler {
        final List<Element> roots = new ArrayList<>();
        final List<Element> open = new ArrayList<>();
        List<Object> pieces;

        @Override
        public void startElement(Name name) {
            Element e = new Element(name);
            if (open.isEmpty()) {
                roots.add(e);
            } else {
                open.get(open.size() - 1).content.add(e);
            }
            open.add(e);
            pieces = null;
        }

        @Override
        public void attribute(Name name) {
            Attribute a = new Attribute(name, new ArrayList<>());
            open.get(open.size() - 1).attributes.add(a);
            pieces = a.pieces();
        }

        @Override
        public void closeStartTag() {
            pieces = open.get(open.size() - 1).content;
        }

        @Override
        public void endElement() {
            open.remove(open.size() - 1);
            pieces = open.isEmpty() ? null : open.get(open.size() - 1).content;
        }

        @Override
        public void text(byte[] bytes, int offset, int units) {
            TextBuffer t = new TextBuffer();
            t.appendUtf16(bytes, offset, units);
            pieces.add(t.toString());
        }

        @Override
        public void character(char c) {
            pieces.add(String.valueOf(c));
        }

        @Override
        public void value(int type, byte[] bytes, int offset, int size) {
            pieces.add(new Value(type, java.util.Arrays.copyOfRange(bytes, offset, offset + size)));
        }
    }

    private static void write(Element e, StringBuilder out) {
        int copies = 1;
        for (Object piece : directPieces(e)) {
            if (piece instanceof Value v && (v.type() & EvtxValues.ARRAY) != 0 && v.items() > 1) {
                copies = v.items(); // the first array of the element decides how often it repeats
                break;
            }
        }
        for (int item = 0; item < copies; item++) {
            out.append('<').append(e.name.qualified());
            for (Attribute a : e.attributes) {
                out.append(' ').append(a.name().qualified()).append("='");
                for (Object piece : a.pieces()) {
                    escape(text(piece, item), true, out);
                }
                out.append('\'');
            }
            if (e.content.isEmpty()) {
                out.append("/>");
                continue;
            }
            out.append('>');
            for (Object piece : e.content) {
                if (piece instanceof Element child) {
                    write(child, out);
                } else {
                    escape(text(piece, item), false, out);
                }
            }
            out.append("</").append(e.name.qualified()).append('>');
        }
    }

    private static List<Object> directPieces(Element e) {
        List<Object> all = new ArrayList<>(e.content);
        e.attributes.forEach(a -> all.addAll(a.pieces()));
        return all;
    }

    private static String text(Object piece, int item) {
        return piece instanceof Value v ? v.item(item) : (String) piece;
    }

    private static void escape(String s, boolean attribute, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\'' -> out.append(attribute ? "&apos;" : "'");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\r' -> out.append("&#13;");
                case '\t', '\n' -> out.append(attribute ? "&#" + (int) c + ";" : String.valueOf(c));
                default -> {
                    if (c < 0x20) {
                        out.append("&#").append((int) c).append(';');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
