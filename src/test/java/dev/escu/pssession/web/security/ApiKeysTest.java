package dev.escu.pssession.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {

    @Test
    void findsAKeyByItsHashAndNeverByTheHashItself() {
        String hash = ApiKeys.sha256Hex("s3cret");
        ApiKeys keys = new ApiKeys(List.of(new SecurityProperties.ApiKey("shipper", Role.INGEST, hash)));
        assertThat(keys.find("s3cret")).hasValueSatisfying(h -> {
            assertThat(h.name()).isEqualTo("shipper");
            assertThat(h.role()).isEqualTo(Role.INGEST);
        });
        assertThat(keys.find(hash)).isEmpty();
        assertThat(keys.find("s3cret ")).isEmpty();
    }

    @Test
    void acceptsUppercaseHexAndRefusesAnythingElse() {
        ApiKeys keys = new ApiKeys(List.of());
        keys.add("a", Role.ADMIN, ApiKeys.sha256Hex("k").toUpperCase());
        assertThat(keys.find("k")).isPresent();
        assertThatThrownBy(() -> keys.add("b", Role.ADMIN, "1234")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.add("c", null, ApiKeys.sha256Hex("k"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generatesOneAdminKeyPrintedOnceAndKeptAcrossRestarts(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("generated-admin-key.sha256");
        PrintStream original = System.out;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ApiKeys first = new ApiKeys(List.of());
        try {
            System.setOut(new PrintStream(console, true));
            GeneratedAdminKey.addTo(first, file);
        } finally {
            System.setOut(original);
        }
        Matcher printed = Pattern.compile("\\s(psd_[A-Za-z0-9_-]{43})\\s").matcher(console.toString());
        assertThat(printed.find()).isTrue();
        String key = printed.group(1);
        assertThat(first.find(key)).hasValueSatisfying(h -> assertThat(h.role()).isEqualTo(Role.ADMIN));
        assertThat(Files.readString(file)).doesNotContain(key).contains(ApiKeys.sha256Hex(key));

        ByteArrayOutputStream second = new ByteArrayOutputStream();
        ApiKeys restarted = new ApiKeys(List.of());
        try {
            System.setOut(new PrintStream(second, true));
            GeneratedAdminKey.addTo(restarted, file);
        } finally {
            System.setOut(original);
        }
        assertThat(second.toString()).doesNotContain("psd_");
        assertThat(restarted.find(key)).isPresent();
    }
}
