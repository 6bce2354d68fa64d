package dev.escu.pssession.detection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The values of a detection's {@code stats ... BY} fields for one event, after fillnull, in the
 * definition's order. Two events fall into the same result row exactly when their keys are equal
 * (case-sensitive, as Splunk groups).
 */
public record ResultKey(List<String> values) {

    public ResultKey {
        values = List.copyOf(values);
    }

    public String value(int index) {
        return values.get(index);
    }

    /**
     * SHA-256 over the length-prefixed values: a stable identity for the group that fits an index
     * (a script block can be far longer than a B-tree entry), and that no value can forge by
     * containing a separator.
     */
    public byte[] digest() {
        return Digests.sha256(values);
    }

    /** Length-prefixed SHA-256, shared by group keys and event identities. */
    static final class Digests {

        private Digests() {
        }

        static byte[] sha256(Iterable<String> parts) {
            MessageDigest sha = newSha256();
            ByteBuffer length = ByteBuffer.allocate(4);
            for (String part : parts) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                length.clear();
                sha.update(length.putInt(bytes.length).array());
                sha.update(bytes);
            }
            return sha.digest();
        }

        private static MessageDigest newSha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required by every Java platform", e);
            }
        }
    }
}
