package dev.escu.pssession.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Dockerfile: linted with dockerfile-utils (the npm package behind the VS Code Docker extension's
 * checks, run through npx), and the properties that the image relies on. Building and starting the image
 * needs a container engine and is done by shared/tools/container-check.sh, not here.
 */
class DockerfileTest {

    /** Pinned, so that a new linter release cannot turn the build red on its own. */
    static final String LINTER = "dockerfile-utils@0.16.3";

    private static final Path DOCKERFILE = Path.of("Dockerfile").toAbsolutePath();
    private static final Path DOCKERIGNORE = Path.of(".dockerignore").toAbsolutePath();

    @Test
    void linterFindsNoErrorsOrWarnings() throws Exception {
        JsonNode problems = lint(DOCKERFILE);
        assertThat(problems.isArray()).as("linter output %s", problems).isTrue();
        List<String> found = new ArrayList<>();
        problems.forEach(p -> found.add(p.path("severity").asString() + " line "
                + (p.path("range").path("start").path("line").asInt() + 1) + ": " + p.path("message").asString()));
        assertThat(found).as("dockerfile-utils on the Dockerfile").isEmpty();
    }

    /** The lint is live: a broken Dockerfile gets an error. */
    @Test
    void linterReportsErrorsInABrokenDockerfile(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("Dockerfile");
        Files.writeString(broken, "FROM eclipse-temurin:17-jre\nCOPY app.jar\nENTRYPOINT [\"java\"\n");

        JsonNode problems = lint(broken);

        assertThat(problems).anySatisfy(p -> {
            assertThat(p.path("severity").asString()).isEqualTo("error");
            assertThat(p.path("message").asString()).contains("COPY");
        });
    }

    @Test
    void buildsWithTheWrapperAndRunsTheLayersOnAJreAsANonRootUser() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        List<String> from = matches(dockerfile, "(?m)^FROM\\s+(\\S+)");
        assertThat(from).containsExactly("${BUILD_IMAGE}", "${RUNTIME_IMAGE}");
        // the base images pinned by digest: a tag moves, a digest names one image
        assertThat(matches(dockerfile, "(?m)^ARG BUILD_IMAGE=(\\S+)")).singleElement().asString()
                .matches("eclipse-temurin:17-jdk@sha256:[0-9a-f]{64}");
        assertThat(matches(dockerfile, "(?m)^ARG RUNTIME_IMAGE=(\\S+)")).singleElement().asString()
                .matches("eclipse-temurin:17-jre@sha256:[0-9a-f]{64}");

        String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        assertThat(matches(runtime, "(?m)^USER\\s+(\\S+)")).singleElement().satisfies(user -> {
            assertThat(user).matches("\\d+(:\\d+)?");
            assertThat(Integer.parseInt(user.split(":")[0])).isGreaterThanOrEqualTo(10000);
        });
        assertThat(matches(runtime, "(?m)^EXPOSE\\s+(\\S+)")).containsExactly("8080");
        assertThat(runtime).contains("ENTRYPOINT [\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]")
                .contains("-XX:MaxRAMPercentage=75.0").contains("-XX:+ExitOnOutOfMemoryError")
                .contains("PSSESSION_LOCAL_DB_ENABLED=false");
        // Layers copied one by one, least-changing first.
        assertThat(matches(runtime, "(?m)^COPY --from=build /workspace/extracted/([a-z-]+)/"))
                .containsExactly("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
        assertThat(dockerfile).contains("./mvnw -B -ntp -q -P \"${MAVEN_PROFILES}\" dependency:go-offline")
                .contains("-DskipTests package")
                .contains("java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted");
    }

    /** Every embedded-PostgreSQL profile that a Linux build would activate is switched off in the image build. */
    @Test
    void imageBuildSwitchesOffEveryLinuxEmbeddedPostgresProfile() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        List<String> linuxProfiles = matches(pom, "<id>(embedded-pg-linux-[a-z0-9-]+)</id>");
        assertThat(linuxProfiles).isNotEmpty();

        List<String> args = matches(Files.readString(DOCKERFILE), "(?m)^ARG MAVEN_PROFILES=(\\S+)");
        assertThat(args).singleElement().satisfies(profiles -> assertThat(List.of(profiles.split(",")))
                .containsExactlyInAnyOrderElementsOf(linuxProfiles.stream().map(p -> "!" + p).toList()));
    }

    @Test
    void buildContextIsAnAllowList() throws IOException {
        List<String> rules = Files.readAllLines(DOCKERIGNORE).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(rules.get(0)).isEqualTo("*");
        assertThat(rules.stream().filter(r -> r.startsWith("!")).toList())
                .containsExactlyInAnyOrder("!pom.xml", "!mvnw", "!.mvn/", "!src/", "!db/");
        assertThat(rules).contains("**/target/", "**/data/");
    }

    private static JsonNode lint(Path dockerfile) throws Exception {
        String npx = onPath(System.getProperty("os.name").startsWith("Windows") ? "npx.cmd" : "npx");
        Assumptions.assumeTrue(npx != null,
                "npx (Node.js) is not on the PATH: the Dockerfile lint with " + LINTER + " did NOT run");
        Path stderr = Files.createTempFile("dockerfile-lint", ".err");
        try {
            Process process = new ProcessBuilder(npx, "--yes", LINTER, "lint", "--json", dockerfile.toString())
                    .redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null")))
                    .start();
            byte[] out = process.getInputStream().readAllBytes();
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("linter finished").isTrue();
            String stdout = new String(out, StandardCharsets.UTF_8).strip();
            assertThat(stdout).as("linter output (exit %d, stderr: %s)", process.exitValue(), Files.readString(stderr))
                    .startsWith("[");
            return JsonMapper.builder().build().readTree(stdout);
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    private static String onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private static List<String> matches(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
