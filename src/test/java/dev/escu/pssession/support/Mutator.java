package dev.escu.pssession.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Mutates bodies the way broken shippers and attackers do: bytes flipped, cut, repeated, tokens spliced in. */
public final class Mutator {

    private static final String[] TOKENS = {"<", ">", "</Event>", "<Event>", "<Event xmlns='x'>", "\"", "{", "}", "[", "]",
            ",", ":", "\n", "\r\n", "&", "&amp;", "&#x0;", "&#x1;", "&#xD800;", "&lt;", "]]>", "<![CDATA[", "<!--", "-->",
            "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", "&e;", "\u0000", "\u0001", "\\u0000", "\\", "\"_time\":",
            "\"_time\": \"nonsense\"", "Enter-PSSession", "-ComputerName", "4104", "<?xml version='1.0'?>", "null", "1e999",
            "\uFFFF", "\uD83D\uDE00", "<EventID>4104</EventID>", "<Data Name='ScriptBlockText'>"};

    private final Random random;

    public Mutator(long seed) {
        this.random = new Random(seed);
    }

    public byte[] mutate(byte[] body) {
        byte[] current = body;
        int rounds = 1 + random.nextInt(4);
        for (int i = 0; i < rounds; i++) {
            current = once(current);
        }
        return current;
    }

    private byte[] once(byte[] body) {
        if (body.length == 0) {
            return token();
        }
        int at = random.nextInt(body.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
        switch (random.nextInt(6)) {
            case 0 -> { // flip a byte to anything, invalid UTF-8 included
                out.write(body, 0, body.length);
                byte[] flipped = out.toByteArray();
                flipped[at] = (byte) random.nextInt(256);
                return flipped;
            }
            case 1 -> { // cut a range out
                int end = Math.min(body.length, at + 1 + random.nextInt(64));
                out.write(body, 0, at);
                out.write(body, end, body.length - end);
            }
            case 2 -> { // splice a token in
                out.write(body, 0, at);
                out.writeBytes(token());
                out.write(body, at, body.length - at);
            }
            case 3 -> { // repeat a range
                int end = Math.min(body.length, at + 1 + random.nextInt(200));
                out.write(body, 0, end);
                out.write(body, at, end - at);
                out.write(body, end, body.length - end);
            }
            case 4 -> out.write(body, 0, at); // truncate
            default -> { // random bytes
                out.write(body, 0, at);
                byte[] noise = new byte[1 + random.nextInt(16)];
                random.nextBytes(noise);
                out.writeBytes(noise);
                out.write(body, at, body.length - at);
            }
        }
        return out.toByteArray();
    }

    private byte[] token() {
        return TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
    }
}
