package dev.escu.pssession.ingest.format;

import java.io.IOException;
import java.io.InputStream;

import tools.jackson.core.JsonParser;

/**
 * For {@code dev.escu.pssession.bench.ScannerBench} only: the service's package-private byte scanners
 * and its JSON reader, reached from the benchmark's classpath (the same package, in the bench project;
 * the service's jar is not sealed). Each method hands straight through, so the JIT inlines it away.
 */
public final class ScannerAccess {

    private ScannerAccess() {
    }

    /** {@link JsonSyntax}: one per thread. */
    public static final class Syntax {
        private final JsonSyntax syntax;

        public Syntax(int maxDepth) {
            this.syntax = new JsonSyntax(maxDepth);
        }

        public String check(byte[] b, int offset, int length) {
            return syntax.check(b, offset, length);
        }
    }

    /** {@link LineReader}. */
    public static final class Lines {
        private final LineReader lines;

        public Lines(InputStream in, int maxLineBytes) {
            this.lines = new LineReader(in, maxLineBytes);
        }

        public boolean next() throws IOException {
            return lines.next();
        }

        public byte[] bytes() {
            return lines.bytes();
        }

        public int offset() {
            return lines.offset();
        }

        public int length() {
            return lines.length();
        }

        public boolean tooLong() {
            return lines.tooLong();
        }
    }

    /** What {@link XmlEventSplitter} hands on. */
    public interface Segments {
        void event(byte[] bytes, int length, boolean hasDeclaration, boolean hasReference);

        void rejected(String reason);
    }

    /** {@link XmlEventSplitter#split}. */
    public static void split(InputStream in, ParseLimits limits, Segments out) throws IOException {
        new XmlEventSplitter(in, limits).split(new XmlEventSplitter.Segments() {
            @Override
            public void event(byte[] bytes, int length, boolean hasDeclaration, boolean hasReference) {
                out.event(bytes, length, hasDeclaration, hasReference);
            }

            @Override
            public void rejected(String reason, boolean anEvent) {
                out.rejected(reason);
            }
        });
    }

    /** The service's JSON reader ({@link JsonObjects}): its factory, its limits. */
    public static final class Json {
        private final JsonObjects objects;

        public Json(ParseLimits limits) {
            this.objects = new JsonObjects(limits);
        }

        public JsonParser parser(byte[] bytes, int offset, int length) {
            return objects.parser(bytes, offset, length);
        }
    }
}
