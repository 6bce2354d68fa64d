package dev.escu.pssession.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The configured API keys, by hash. A presented key is hashed and compared with every configured
 * hash in constant time, so neither the comparison nor the number of keys tried tells an attacker
 * how close a guess was.
 */
final class ApiKeys {

    private record Entry(String name, Role role, byte[] hash) {
    }

    private final List<Entry> entries = new ArrayList<>();

    ApiKeys(List<SecurityProperties.ApiKey> configured) {
        for (SecurityProperties.ApiKey key : configured) {
            add(key.name(), key.role(), key.sha256());
        }
    }

    void add(String name, Role role, String sha256Hex) {
        if (name == null || role == null || sha256Hex == null || !sha256Hex.strip().matches("(?i)[0-9a-f]{64}")) {
            throw new IllegalArgumentException("pssession.security.api-keys: each key needs a name, a role "
                    + "(ingest, analyst, admin) and the 64-hex-digit SHA-256 of the key (key " + name + ")");
        }
        entries.add(new Entry(name, role, HexFormat.of().parseHex(sha256Hex.strip().toLowerCase(Locale.ROOT))));
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The key's holder, if the presented key is one of ours. */
    Optional<KeyHolder> find(String presented) {
        byte[] hash = sha256(presented);
        KeyHolder found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.hash(), hash) && found == null) {
                found = new KeyHolder(entry.name(), entry.role());
            }
        }
        return Optional.ofNullable(found);
    }

    record KeyHolder(String name, Role role) {
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text));
    }
}
