package dev.escu.pssession.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

/** {@code helm lint --strict}: warnings fail too. */
class HelmLintTest {

    @Test
    void defaultValuesPassStrictLint() {
        assertClean(new Helm(Chart.DIR).lint().strict().call());
    }

    @Test
    void fullyEnabledValuesPassStrictLint(@TempDir Path dir) {
        Path chart = Chart.copyWithValues(dir.resolve("pssession-detector"), Chart.FULL_VALUES);
        assertClean(new Helm(chart).lint().strict().call());
    }

    /** The lint really runs the chart: values that the schema refuses make it fail. */
    @Test
    void strictLintFailsOnValuesTheSchemaRefuses(@TempDir Path dir) throws IOException {
        Path overrides = dir.resolve("bad.yaml");
        Files.writeString(overrides, """
                apiKeys:
                  keys:
                    - name: intruder
                      role: root
                      sha256: abc
                """);
        Path chart = Chart.copyWithValues(dir.resolve("pssession-detector"), overrides);

        LintResult result = new Helm(chart).lint().strict().call();

        assertThat(result.isFailed()).as("lint of refused values: %s", result.getMessages()).isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("[ERROR]").contains("role");
    }

    private static void assertClean(LintResult result) {
        assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
        // Only informational notes (such as "icon is recommended") may remain.
        assertThat(result.getMessages()).as("lint messages").allMatch(m -> m.startsWith("[INFO]"));
    }
}
