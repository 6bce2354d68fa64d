package dev.escu.pssession.web.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A first local run with no keys configured gets one admin key, printed once on the console (as
 * Spring Boot does with its generated password) and never written to the log. Its hash is kept in
 * a file, so the key keeps working after a restart; delete the file for a new key.
 */
final class GeneratedAdminKey {

    private static final Logger log = LoggerFactory.getLogger(GeneratedAdminKey.class);
    static final String NAME = "generated-admin";

    private GeneratedAdminKey() {
    }

    static void addTo(ApiKeys keys, Path hashFile) {
        String hash = readHash(hashFile);
        if (hash != null) {
            keys.add(NAME, Role.ADMIN, hash);
            log.warn("No API keys configured: accepting the generated admin key whose hash is in {}", hashFile);
            return;
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String key = "psd_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        hash = ApiKeys.sha256Hex(key);
        keys.add(NAME, Role.ADMIN, hash);
        boolean kept = writeHash(hashFile, hash);
        System.out.printf("%n========================================================================%n"
                + "No API keys are configured (pssession.security.api-keys). Generated admin key:%n%n    %s%n%n"
                + "Send it as 'Authorization: Bearer <key>'. It is shown only this once;%s%n"
                + "configure your own keys for anything but a local trial.%n"
                + "========================================================================%n%n",
                key, kept ? " its hash is kept in " + hashFile + "." : " it lasts until this process stops.");
        log.warn("No API keys configured: generated an admin key (printed once on the console, not logged)");
    }

    private static String readHash(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                String hash = Files.readString(file, StandardCharsets.US_ASCII).strip();
                return hash.matches("[0-9a-f]{64}") ? hash : null;
            }
        } catch (IOException e) {
            log.warn("Cannot read {}: {}", file, e.getMessage());
        }
        return null;
    }

    private static boolean writeHash(Path file, String hash) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, hash + "\n", StandardCharsets.US_ASCII);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
