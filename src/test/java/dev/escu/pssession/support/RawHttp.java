package dev.escu.pssession.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** An HTTP/1.1 request written by hand on a socket, so a test can send part of a body, pause, or hang up. */
public final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;

    public RawHttp(int port, String path, String contentType, long contentLength, String authorization) {
        try {
            socket = new Socket("localhost", port);
            out = socket.getOutputStream();
            String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
                    + "\r\nContent-Length: " + contentLength + "\r\nAuthorization: " + authorization
                    + "\r\nConnection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RawHttp send(String bodyPart) {
        try {
            out.write(bodyPart.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the whole answer (status line, headers and body). */
    public String response() {
        try (InputStream in = socket.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
