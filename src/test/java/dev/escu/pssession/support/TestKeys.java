package dev.escu.pssession.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.test.context.DynamicPropertyRegistry;

/** API keys the tests use, one per role, configured (as hashes) in every test context. */
public final class TestKeys {

    public static final String ADMIN = "test-admin-key-0123456789";
    public static final String ANALYST = "test-analyst-key-0123456789";
    public static final String INGEST = "test-ingest-key-0123456789";
    public static final String INGEST_ROTATED = "test-ingest-key-rotated-9876543210";

    private TestKeys() {
    }

    public static void register(DynamicPropertyRegistry registry) {
        String[][] keys = {{"admin-test", "admin", ADMIN}, {"analyst-test", "analyst", ANALYST},
                {"shipper-test", "ingest", INGEST}, {"shipper-rotated", "ingest", INGEST_ROTATED}};
        for (int i = 0; i < keys.length; i++) {
            String prefix = "pssession.security.api-keys[" + i + "].";
            String[] key = keys[i];
            registry.add(prefix + "name", () -> key[0]);
            registry.add(prefix + "role", () -> key[1]);
            registry.add(prefix + "sha256", () -> sha256(key[2]));
        }
    }

    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
