package dev.escu.pssession.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

import dev.escu.pssession.ingest.format.ByteOrderMark;
import dev.escu.pssession.ingest.format.HecEnvelopeException;
import dev.escu.pssession.ingest.format.UnusableBodyException;
import dev.escu.pssession.web.HecCode;
import dev.escu.pssession.web.HecResponse;
import dev.escu.pssession.web.UnreadableBody;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The one way a request body is read: opened for the parsers (size limits, gunzip, UTF-8 whatever the
 * charset), handed to a step, and whatever keeps the body as a whole from being used turned into an
 * {@link UnreadableBody}, which the problem handler answers (in HEC's words on the HEC paths).
 */
final class RequestBodies {

    private static final Logger log = LoggerFactory.getLogger(RequestBodies.class);

    /** Opens a body. */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    /** Reads an opened body. */
    @FunctionalInterface
    interface Step<T> {
        T read(InputStream body) throws IOException;
    }

    /**
     * Opens a body and reads it with {@code step}.
     *
     * @param what the request or file, for the log
     * @throws UnreadableBody when the body as a whole cannot be used; nothing of it was stored
     */
    static <T> T read(Opener opener, Step<T> step, String what) {
        try (InputStream body = opener.open()) {
            return step.read(body);
        } catch (IOException | UnusableBodyException | HecEnvelopeException e) {
            throw unreadable(e, what);
        }
    }

    private static UnreadableBody unreadable(Exception e, String what) {
        if (e instanceof UnsupportedEncodingException) {
            return UnreadableBody.unsupportedEncoding(e.getMessage());
        }
        if (e instanceof BodyLimitExceededException) {
            return UnreadableBody.tooLarge(e.getMessage());
        }
        if (e instanceof ZipException) {
            return UnreadableBody.unreadable("The body is not valid gzip: " + e.getMessage());
        }
        if (e instanceof HecEnvelopeException envelope) {
            return UnreadableBody.invalidEnvelope(hecAnswer(envelope), e.getMessage());
        }
        if (e instanceof UnusableBodyException unusable) {
            return switch (unusable.kind()) {
                case TOO_LARGE -> UnreadableBody.tooLarge(e.getMessage());
                case FORBIDDEN_CONSTRUCT -> UnreadableBody.forbiddenXml(e.getMessage());
                case UNREADABLE -> UnreadableBody.unreadable(e.getMessage());
            };
        }
        // the client went away or the connection broke: the batch was rolled back whole
        log.info("Body of {} not read to its end ({}); nothing of it was stored", what, e.toString());
        return UnreadableBody.incomplete();
    }

    private static HecResponse hecAnswer(HecEnvelopeException e) {
        int n = e.eventNumber();
        return switch (e.problem()) {
            case NO_DATA -> HecCode.NO_DATA.response();
            case INVALID_DATA_FORMAT -> n == HecEnvelopeException.NO_EVENT
                    ? HecCode.INVALID_DATA_FORMAT.response() : HecCode.INVALID_DATA_FORMAT.response(n);
            case EVENT_FIELD_REQUIRED -> HecCode.EVENT_FIELD_REQUIRED.response(n);
            case EVENT_FIELD_BLANK -> HecCode.EVENT_FIELD_BLANK.response(n);
            case INDEXED_FIELDS -> HecCode.INDEXED_FIELDS_ERROR.response(n);
        };
    }

    /** A Content-Encoding other than identity and gzip (an I/O failure, so it leaves the parsers alone). */
    static final class UnsupportedEncodingException extends IOException {
        UnsupportedEncodingException(String message) {
            super(message);
        }
    }

    private RequestBodies() {
    }

    /** The request's body, ready for a parser: its declared length checked, gunzipped, as UTF-8. */
    static InputStream open(HttpServletRequest request, IngestProperties limits) throws IOException {
        return open(request, limits, false);
    }

    /**
     * The request's body, ready for a parser: its declared length checked, gunzipped, and for a text
     * format as UTF-8.
     */
    static InputStream open(HttpServletRequest request, IngestProperties limits, boolean binary) throws IOException {
        long max = limits.maxBodySize().toBytes();
        if (request.getContentLengthLong() > max) {
            throw new BodyLimitExceededException("The body is larger than " + max + " bytes.");
        }
        boolean gzip = gzip(request.getHeader(HttpHeaders.CONTENT_ENCODING));
        if (binary) {
            return limited(request.getInputStream(), gzip, limits);
        }
        MediaType type = contentType(request);
        return open(request.getInputStream(), gzip, type == null ? null : type.getCharset(), limits);
    }

    /** An uploaded file's bytes, gunzipped when they are gzip (a {@code .gz} file), within the limits. */
    static PushbackInputStream openFile(InputStream raw, IngestProperties limits) throws IOException {
        PushbackInputStream sniffed = new PushbackInputStream(raw, 2);
        byte[] magic = sniffed.readNBytes(2);
        sniffed.unread(magic);
        boolean gzip = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
        return new PushbackInputStream(limited(sniffed, gzip, limits), 64);
    }

    /** The first {@code n} bytes of a stream, put back so the parser reads them again. */
    static byte[] peek(PushbackInputStream in, int n) throws IOException {
        byte[] head = in.readNBytes(n);
        in.unread(head);
        return head;
    }

    /** The request's Content-Type, or {@code null} when it has none or an unreadable one. */
    static MediaType contentType(HttpServletRequest request) {
        return contentType(request.getContentType());
    }

    /** A Content-Type header (a request's, an uploaded file's), or {@code null} when none or an unreadable one. */
    static MediaType contentType(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return MediaType.parseMediaType(header);
        } catch (InvalidMediaTypeException e) {
            return null;
        }
    }

    /** Why a Content-Type header cannot be read (an unknown charset, no subtype, ...), or {@code null} when it can; for a 415. */
    static String unreadable(String header) {
        try {
            MediaType.parseMediaType(header);
            return null;
        } catch (InvalidMediaTypeException e) {
            return e.getMessage();
        }
    }

    private static boolean gzip(String encoding) throws UnsupportedEncodingException {
        if (encoding == null || encoding.isBlank() || encoding.strip().equalsIgnoreCase("identity")) {
            return false;
        }
        if (encoding.strip().equalsIgnoreCase("gzip") || encoding.strip().equalsIgnoreCase("x-gzip")) {
            return true;
        }
        throw new UnsupportedEncodingException("Content-Encoding '" + encoding + "' is not supported; send identity or gzip.");
    }

    /**
     * @param gzip whether the body is gzip-encoded
     * @param charset the Content-Type's charset, or {@code null}
     */
    static InputStream open(InputStream raw, boolean gzip, Charset charset, IngestProperties limits) throws IOException {
        return utf8(limited(raw, gzip, limits), charset);
    }

    private static InputStream limited(InputStream raw, boolean gzip, IngestProperties limits) throws IOException {
        long max = limits.maxBodySize().toBytes();
        CountingStream sent = new CountingStream(raw, max, null, 0);
        if (!gzip) {
            return sent;
        }
        return new CountingStream(new GZIPInputStream(sent, 64 * 1024), max, sent, limits.maxCompressionRatio());
    }

    /** The body as UTF-8 bytes, without a byte order mark. */
    static InputStream utf8(InputStream in, Charset charset) throws IOException {
        PushbackInputStream body = new PushbackInputStream(in, 3);
        byte[] head = body.readNBytes(3);
        int n = head.length;
        Charset declared = charset;
        int skip = 0;
        if (ByteOrderMark.at(head, 0, n)) {
            declared = StandardCharsets.UTF_8;
            skip = 3;
        } else if (n >= 2 && (head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF) {
            declared = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (n >= 2 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE) {
            declared = StandardCharsets.UTF_16LE;
            skip = 2;
        }
        body.unread(head, skip, n - skip);
        if (declared == null || declared.equals(StandardCharsets.UTF_8) || declared.equals(StandardCharsets.US_ASCII)) {
            return body;
        }
        return new Utf8Encoding(new InputStreamReader(body, declared));
    }

    /** Counts bytes and refuses past a limit; for an inflated stream, also past a ratio to the sent bytes. */
    private static final class CountingStream extends FilterInputStream {

        private static final long RATIO_FLOOR = 16L << 20;

        private final long max;
        private final CountingStream compressed;
        private final int maxRatio;
        private long count;

        CountingStream(InputStream in, long max, CountingStream compressed, int maxRatio) {
            super(in);
            this.max = max;
            this.compressed = compressed;
            this.maxRatio = maxRatio;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws IOException {
            count += n;
            if (count > max) {
                throw new BodyLimitExceededException(compressed == null
                        ? "The body is larger than " + max + " bytes."
                        : "The body inflates to more than " + max + " bytes.");
            }
            if (compressed != null && count > RATIO_FLOOR && count > compressed.count * maxRatio) {
                throw new BodyLimitExceededException(
                        "The gzip body inflates more than " + maxRatio + " times: refused as a possible gzip bomb.");
            }
        }
    }

    /** Re-encodes characters from any charset as UTF-8 bytes. */
    private static final class Utf8Encoding extends InputStream {

        private final Reader reader;
        private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        private final CharBuffer chars = CharBuffer.allocate(8192);
        private final ByteBuffer bytes = ByteBuffer.allocate(8192 * 3);
        private boolean eof;

        Utf8Encoding(Reader reader) {
            this.reader = reader;
            bytes.flip();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (!bytes.hasRemaining()) {
                if (eof) {
                    return -1;
                }
                fill();
            }
            int n = Math.min(len, bytes.remaining());
            bytes.get(b, off, n);
            return n;
        }

        private void fill() throws IOException {
            int read = reader.read(chars);
            eof = read < 0;
            chars.flip();
            bytes.clear();
            encoder.encode(chars, bytes, eof);
            if (eof) {
                encoder.flush(bytes);
            }
            chars.compact();
            bytes.flip();
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
